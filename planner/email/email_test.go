package email

import (
	"net/mail"
	"strings"
	"testing"
)

// TestFileNameIsSafe: the hashes are the first four bytes of the SHA-256 of
// the agreement number (printf %s NUMBER | sha256sum).
func TestFileNameIsSafe(t *testing.T) {
	for in, want := range map[string]string{
		"91000001ZZS0001":  "makadd-request-91000001ZZS0001.eml",
		"../../etc/passwd": "makadd-request-etc_passwd-3754d6cb.eml",
		"V1234 / 2026":     "makadd-request-V1234___2026-a343b99f.eml",
		"":                 "makadd-request-agreement-e3b0c442.eml",
		"Ação 7":           "makadd-request-A__o_7-e1cfc855.eml",
	} {
		if got := FileName(in); got != want {
			t.Errorf("FileName(%q) = %q, want %q", in, got, want)
		}
		if strings.ContainsAny(FileName(in), `/\:`) {
			t.Errorf("FileName(%q) has a path separator", in)
		}
	}
	// Unique per agreement, also where case does not count.
	seen := map[string]string{}
	for _, a := range []string{"a/b", "a_b", "abc", "ABC", "Abc", "a.b", "a b"} {
		n := strings.ToLower(FileName(a))
		if other, dup := seen[n]; dup {
			t.Errorf("%q and %q share %s", a, other, n)
		}
		seen[n] = a
	}
}

func TestStabiliseOrdersHeadersAndBoundaries(t *testing.T) {
	raw := "Subject: x\r\nContent-Type: multipart/mixed;\r\n boundary=0123456789abcdef0123456789abcdef\r\nFrom: a@b\r\nDate: d\r\n\r\n" +
		"--0123456789abcdef0123456789abcdef\r\nContent-Type: text/plain\r\n\r\nhi\r\n--0123456789abcdef0123456789abcdef--\r\n"
	got, err := stabilise([]byte(raw), "feed")
	if err != nil {
		t.Fatal(err)
	}
	want := "Date: d\r\nFrom: a@b\r\nSubject: x\r\nContent-Type: multipart/mixed;\r\n boundary=makplan-part-1-feed\r\n\r\n" +
		"--makplan-part-1-feed\r\nContent-Type: text/plain\r\n\r\nhi\r\n--makplan-part-1-feed--\r\n"
	if string(got) != want {
		t.Errorf("got\n%q\nwant\n%q", got, want)
	}
}

func TestHeaderAddress(t *testing.T) {
	for in, want := range map[string]string{
		"Ada Admin <ada@example.com>":          `"Ada Admin" <ada@example.com>`,
		"ada@example.com":                      "<ada@example.com>",
		`"Admin, Ada" <ada@example.com>`:       "=?UTF-8?b?QWRtaW4sIEFkYQ==?= <ada@example.com>",
		"=?utf-8?q?Zo=C3=AB?= <z@example.com>": "=?UTF-8?b?Wm/Dqw==?= <z@example.com>",
	} {
		a, err := mail.ParseAddress(in)
		if err != nil {
			t.Fatal(err)
		}
		if got := headerAddress(a); got != want {
			t.Errorf("headerAddress(%q) = %q, want %q", in, got, want)
		}
	}
	if _, err := parseAddress("email.from", "a@b\r\nBcc: c@d"); err == nil || !strings.Contains(err.Error(), "email.from") {
		t.Errorf("a header with a line break was accepted: %v", err)
	}
}
