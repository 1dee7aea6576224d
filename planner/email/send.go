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
	// MaxReplyLine and MaxReplyBytes bound what the server may send: a reply
	// line (before TLS) and everything it sends in one exchange. A server,
	// or anyone on the path before TLS, that sends without end cannot make
	// makplan hold it all (smtp.max_reply_line, smtp.max_reply_bytes).
	MaxReplyLine  int
	MaxReplyBytes int64
	// Accepted, when set, is called the moment the server accepts the
	// message (its 250 to DATA), before QUIT: the request is recorded there,
	// so that nothing after it — a dropped connection, a second Ctrl-C — can
	// leave a request sent and not recorded.
	Accepted func()
}

// The defaults of the reply limits: RFC 5321 allows 512-byte reply lines;
// a whole exchange is a few kilobytes.
const (
	DefaultMaxReplyLine  = 4096
	DefaultMaxReplyBytes = 1 << 20
)

// limitConn counts what the server sends and stops a reply line or an
// exchange that goes on without end.
type limitConn struct {
	net.Conn
	maxLine  int
	maxTotal int64
	line     int   // bytes since the last line break, while plain
	total    int64 // bytes read
	plain    bool  // before STARTTLS: lines can be seen
	failed   error // the limit that stopped the exchange
}

// errLimit is the error of a reply over a limit.
type errLimit struct {
	what, setting string
	limit         int64
}

func (e *errLimit) Error() string {
	return fmt.Sprintf("the SMTP server sent %s over %d bytes; refusing to read more (%s raises the limit)", e.what, e.limit, e.setting)
}

// wrap returns the limit that stopped the exchange instead of the error
// the SMTP client made of it (which quotes what the server sent).
func (c *limitConn) wrap(err error) error {
	if err != nil && c.failed != nil {
		return c.failed
	}
	return err
}

func (c *limitConn) Read(p []byte) (int, error) {
	if c.failed != nil {
		return 0, c.failed
	}
	if c.total >= c.maxTotal {
		c.failed = &errLimit{"replies", "smtp.max_reply_bytes", c.maxTotal}
		return 0, c.failed
	}
	if int64(len(p)) > c.maxTotal-c.total {
		p = p[:c.maxTotal-c.total]
	}
	n, err := c.Conn.Read(p)
	c.total += int64(n)
	if c.plain {
		for _, b := range p[:n] {
			if b == '\n' {
				c.line = 0
				continue
			}
			c.line++
			if c.line > c.maxLine {
				c.failed = &errLimit{"a reply line", "smtp.max_reply_line", int64(c.maxLine)}
				return 0, c.failed
			}
		}
	}
	return n, err
}

// ErrNoStartTLS is returned when the server does not offer STARTTLS: makplan
// never sends a request, which holds product keys in full, in clear text.
var ErrNoStartTLS = errors.New("the SMTP server does not offer STARTTLS; refusing to send in clear text")

// Send delivers req over SMTP with STARTTLS required (TLS 1.2 or later,
// certificate checked against the host name), AUTH PLAIN when a username is
// set, and one deadline for the whole exchange. Nothing is sent before TLS is
// up; every failure names the SMTP step that failed. accepted reports
// whether the server took the message (250 to DATA): then it is sent, even
// if what follows (QUIT) fails, and the error says so.
func Send(ctx context.Context, s Server, req Request) (accepted bool, err error) {
	err = send(ctx, s, req, &accepted)
	return accepted, err
}

func send(ctx context.Context, s Server, req Request, accepted *bool) error {
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
	if s.MaxReplyLine <= 0 {
		s.MaxReplyLine = DefaultMaxReplyLine
	}
	if s.MaxReplyBytes <= 0 {
		s.MaxReplyBytes = DefaultMaxReplyBytes
	}
	lc := &limitConn{Conn: conn, maxLine: s.MaxReplyLine, maxTotal: s.MaxReplyBytes, plain: true}
	c, err := smtp.NewClient(lc, s.Host)
	if err != nil {
		return lc.wrap(fmt.Errorf("SMTP greeting from %s: %w", addr, err))
	}
	defer c.Close()
	if err := c.Hello(s.HelloAs); err != nil {
		return lc.wrap(fmt.Errorf("EHLO to %s: %w", addr, err))
	}
	if ok, _ := c.Extension("STARTTLS"); !ok {
		return lc.wrap(fmt.Errorf("%s: %w", addr, ErrNoStartTLS))
	}
	if err := c.StartTLS(&tls.Config{ServerName: s.Host, MinVersion: tls.VersionTLS12, RootCAs: s.RootCAs}); err != nil {
		return lc.wrap(fmt.Errorf("STARTTLS with %s: %w", addr, err))
	}
	lc.plain = false // records now: only the total counts
	if s.Username != "" {
		if ok, _ := c.Extension("AUTH"); !ok {
			return lc.wrap(fmt.Errorf("%s does not offer AUTH after STARTTLS, but smtp.username is set", addr))
		}
		if err := c.Auth(smtp.PlainAuth("", s.Username, s.Password, s.Host)); err != nil {
			return lc.wrap(fmt.Errorf("AUTH as %s at %s: %w", s.Username, addr, err))
		}
	}
	if err := c.Mail(req.From); err != nil {
		return lc.wrap(fmt.Errorf("MAIL FROM %s: %w", req.From, err))
	}
	for _, r := range req.Recipients {
		if err := c.Rcpt(r); err != nil {
			return lc.wrap(fmt.Errorf("RCPT TO %s: %w", r, err))
		}
	}
	w, err := c.Data()
	if err != nil {
		return lc.wrap(fmt.Errorf("DATA: %w", err))
	}
	if _, err := w.Write(req.Message); err != nil {
		return lc.wrap(fmt.Errorf("DATA, sending the message: %w", err))
	}
	if err := w.Close(); err != nil {
		return lc.wrap(fmt.Errorf("end of DATA: the server did not accept the message: %w", err))
	}
	*accepted = true
	if s.Accepted != nil {
		s.Accepted() // before anything else can fail or be interrupted: the record
	}
	if err := c.Quit(); err != nil {
		return lc.wrap(fmt.Errorf("QUIT, after the server accepted the message: %w", err))
	}
	return nil
}
