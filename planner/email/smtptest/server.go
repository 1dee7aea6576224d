// Package smtptest is a small SMTP submission server for tests: STARTTLS
// with a certificate of its own for 127.0.0.1, AUTH PLAIN, and per message
// a behaviour — accept it, refuse it, or accept it and drop the connection
// at QUIT — so that what makplan does in each case can be tested.
package smtptest

import (
	"bufio"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"net"
	"strings"
	"sync"
	"testing"
	"time"
)

// Behaviour is what the server does with one message.
type Behaviour int

// The behaviours.
const (
	Accept     Behaviour = iota // 250 to DATA, 221 to QUIT
	Refuse                      // 554 to DATA
	DropAtQuit                  // 250 to DATA, then the connection dropped at QUIT
)

// Server is a running test server.
type Server struct {
	Port     int
	CAPEM    []byte // the certificate to trust, PEM
	mu       sync.Mutex
	messages []string // the messages accepted
}

// Messages returns the messages the server accepted.
func (s *Server) Messages() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.messages...)
}

// Start starts a server whose n-th connection (from 0) gets behaviours[n]
// (Accept beyond the list).
func Start(t testing.TB, behaviours ...Behaviour) *Server {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "127.0.0.1"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour), IPAddresses: []net.IP{net.ParseIP("127.0.0.1")},
		KeyUsage: x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		IsCA: true, BasicConstraintsValid: true}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert := tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	s := &Server{Port: ln.Addr().(*net.TCPAddr).Port, CAPEM: pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})}
	cfg := &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}
	go func() {
		for n := 0; ; n++ {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			b := Accept
			if n < len(behaviours) {
				b = behaviours[n]
			}
			go s.serve(c, cfg, b)
		}
	}()
	return s
}

func (s *Server) serve(c net.Conn, cfg *tls.Config, b Behaviour) {
	defer c.Close()
	c.SetDeadline(time.Now().Add(20 * time.Second))
	r, w := bufio.NewReader(c), c
	say := func(line string) { w.Write([]byte(line + "\r\n")) }
	say("220 smtptest ready")
	tlsOn := false
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return
		}
		cmd := strings.ToUpper(strings.TrimSpace(line))
		switch {
		case strings.HasPrefix(cmd, "EHLO"):
			if tlsOn {
				say("250-smtptest")
				say("250 AUTH PLAIN")
			} else {
				say("250-smtptest")
				say("250 STARTTLS")
			}
		case cmd == "STARTTLS":
			say("220 go ahead")
			tc := tls.Server(c, cfg)
			if tc.Handshake() != nil {
				return
			}
			c, r, w, tlsOn = tc, bufio.NewReader(tc), tc, true
		case strings.HasPrefix(cmd, "AUTH"):
			say("235 ok")
		case strings.HasPrefix(cmd, "MAIL"), strings.HasPrefix(cmd, "RCPT"):
			say("250 ok")
		case cmd == "DATA":
			say("354 go on")
			var msg strings.Builder
			for {
				l, err := r.ReadString('\n')
				if err != nil {
					return
				}
				if l == ".\r\n" {
					break
				}
				msg.WriteString(l)
			}
			if b == Refuse {
				say("554 refused by policy")
				continue
			}
			s.mu.Lock()
			s.messages = append(s.messages, msg.String())
			s.mu.Unlock()
			say("250 queued")
		case cmd == "QUIT":
			if b == DropAtQuit {
				return
			}
			say("221 bye")
			return
		default:
			say("502 not implemented")
		}
	}
}
