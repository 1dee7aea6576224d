package email

import (
	"context"
	"crypto/x509"
	"net"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/makplan/makplan/planner/email/smtptest"
)

// endlessServer accepts one connection and writes what gen produces until
// the client goes away.
func endlessServer(t *testing.T, gen func() []byte) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	go func() {
		c, err := ln.Accept()
		if err != nil {
			return
		}
		defer c.Close()
		for {
			if _, err := c.Write(gen()); err != nil {
				return
			}
		}
	}()
	return ln.Addr().(*net.TCPAddr).Port
}

// TestEndlessReplies: a server that greets without end — one endless line,
// or endless continuation lines — is stopped at the reply limits, quickly
// and without the client holding what it sent.
func TestEndlessReplies(t *testing.T) {
	chunk := []byte(strings.Repeat("a", 64<<10))
	cont := []byte(strings.Repeat("220-still greeting you\r\n", 2000))
	for name, tc := range map[string]struct {
		gen  func() []byte
		want string
	}{
		"one endless line":      {func() []byte { return chunk }, "a reply line over 4096 bytes"},
		"endless continuations": {func() []byte { return cont }, "replies over 1048576 bytes"},
	} {
		t.Run(name, func(t *testing.T) {
			port := endlessServer(t, tc.gen)
			var before runtime.MemStats
			runtime.ReadMemStats(&before)
			start := time.Now()
			_, err := Send(context.Background(), Server{Host: "127.0.0.1", Port: port, Timeout: 20 * time.Second}, Request{From: "a@b.example", Recipients: []string{"c@d.example"}})
			var after runtime.MemStats
			runtime.ReadMemStats(&after)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want %q", err, tc.want)
			}
			if d := time.Since(start); d > 10*time.Second {
				t.Errorf("took %v", d)
			}
			if grown := int64(after.TotalAlloc) - int64(before.TotalAlloc); grown > 64<<20 {
				t.Errorf("allocated %s bytes reading the replies", strconv.FormatInt(grown, 10))
			}
		})
	}
}

// TestAcceptedThenDropped (issue 19, finding 7): a server that says 250 to
// the message and drops the connection at QUIT has the message: Send says
// it was accepted, and the error names the step.
func TestAcceptedThenDropped(t *testing.T) {
	srv := smtptest.Start(t, smtptest.DropAtQuit, smtptest.Refuse)
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(srv.CAPEM)
	s := Server{Host: "127.0.0.1", Port: srv.Port, RootCAs: pool, Timeout: 10 * time.Second}
	req := Request{From: "a@b.example", Recipients: []string{"c@d.example"}, Message: []byte("Subject: x\r\n\r\nbody\r\n")}
	accepted, err := Send(context.Background(), s, req)
	if !accepted || err == nil || !strings.Contains(err.Error(), "QUIT, after the server accepted the message") {
		t.Errorf("dropped at QUIT: accepted %v, err %v", accepted, err)
	}
	accepted, err = Send(context.Background(), s, req)
	if accepted || err == nil || !strings.Contains(err.Error(), "end of DATA: the server did not accept the message: 554 \"refused by policy\"") {
		t.Errorf("refused: accepted %v, err %v", accepted, err)
	}
	if n := len(srv.Messages()); n != 1 {
		t.Errorf("the server has %d messages", n)
	}
}
