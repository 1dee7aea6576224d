package email

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"net/smtp"
	"strconv"
	"time"
)

// Server is an SMTP submission server.
type Server struct {
	Host     string
	Port     int
	Username string // AUTH is required when set
	Password string // only ever from the environment
	RootCAs  *x509.CertPool
	Timeout  time.Duration
	HelloAs  string // the name given in EHLO; default "localhost"
}

// ErrNoStartTLS is returned when the server does not offer STARTTLS: makplan
// never sends a request, which holds product keys in full, in clear text.
var ErrNoStartTLS = errors.New("the SMTP server does not offer STARTTLS; refusing to send in clear text")

// Send delivers req over SMTP with STARTTLS required (TLS 1.2 or later,
// certificate checked against the host name), AUTH PLAIN when a username is
// set, and one deadline for the whole exchange. Nothing is sent before TLS is
// up; every failure names the step that failed.
func Send(ctx context.Context, s Server, req Request) error {
	if s.Host == "" {
		return errors.New("smtp.host is not set")
	}
	if s.Port == 0 {
		s.Port = 587
	}
	if s.Timeout == 0 {
		s.Timeout = 30 * time.Second
	}
	if s.HelloAs == "" {
		s.HelloAs = "localhost"
	}
	if s.Username != "" && s.Password == "" {
		return errors.New("smtp.username is set but MAKPLAN_SMTP_PASSWORD is empty")
	}
	addr := net.JoinHostPort(s.Host, strconv.Itoa(s.Port))
	ctx, cancel := context.WithTimeout(ctx, s.Timeout)
	defer cancel()
	var d net.Dialer
	conn, err := d.DialContext(ctx, "tcp", addr)
	if err != nil {
		return fmt.Errorf("connecting to %s: %w", addr, err)
	}
	defer conn.Close()
	deadline, _ := ctx.Deadline()
	if err := conn.SetDeadline(deadline); err != nil {
		return err
	}
	c, err := smtp.NewClient(conn, s.Host)
	if err != nil {
		return fmt.Errorf("SMTP greeting from %s: %w", addr, err)
	}
	defer c.Close()
	if err := c.Hello(s.HelloAs); err != nil {
		return fmt.Errorf("EHLO to %s: %w", addr, err)
	}
	if ok, _ := c.Extension("STARTTLS"); !ok {
		return fmt.Errorf("%s: %w", addr, ErrNoStartTLS)
	}
	if err := c.StartTLS(&tls.Config{ServerName: s.Host, MinVersion: tls.VersionTLS12, RootCAs: s.RootCAs}); err != nil {
		return fmt.Errorf("STARTTLS with %s: %w", addr, err)
	}
	if s.Username != "" {
		if ok, _ := c.Extension("AUTH"); !ok {
			return fmt.Errorf("%s does not offer AUTH after STARTTLS, but smtp.username is set", addr)
		}
		if err := c.Auth(smtp.PlainAuth("", s.Username, s.Password, s.Host)); err != nil {
			return fmt.Errorf("AUTH as %s at %s: %w", s.Username, addr, err)
		}
	}
	if err := c.Mail(req.From); err != nil {
		return fmt.Errorf("MAIL FROM %s: %w", req.From, err)
	}
	for _, r := range req.Recipients {
		if err := c.Rcpt(r); err != nil {
			return fmt.Errorf("RCPT TO %s: %w", r, err)
		}
	}
	w, err := c.Data()
	if err != nil {
		return fmt.Errorf("DATA: %w", err)
	}
	if _, err := w.Write(req.Message); err != nil {
		return fmt.Errorf("sending the message: %w", err)
	}
	if err := w.Close(); err != nil {
		return fmt.Errorf("the server did not accept the message: %w", err)
	}
	return c.Quit()
}
