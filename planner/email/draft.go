package email

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/mail"
	"strconv"
	"strings"

	"github.com/makplan/makplan/planner"
	"github.com/makplan/makplan/planner/redact"
)

// DraftKey is one key a draft written by makplan asks for, as
// `makplan request record --from` records it: its last five characters (or
// the whole key, from a draft written with email.keys: full) and the
// activations asked for.
type DraftKey struct {
	Last5       string
	Key         planner.ProductKey // zero unless the draft holds the whole key
	Activations int
}

// maxDraft bounds what is read of a draft: a request is a few kilobytes
// (its attachment aside).
const maxDraft = 32 << 20

// ReadDraft reads the keys and activations of a request makplan wrote: the
// form-ready text (makadd-request-<agreement>.txt, its "Last five characters
// of the product key" and "Number of activations" lines) or the .eml (the
// text part's "Product key" and "Additional activations requested" lines).
// A file with no request in it is an error saying what was expected.
func ReadDraft(r io.Reader) ([]DraftKey, error) {
	raw, err := io.ReadAll(io.LimitReader(r, maxDraft+1))
	if err != nil {
		return nil, err
	}
	if len(raw) > maxDraft {
		return nil, fmt.Errorf("larger than any request makplan writes (%d MB)", maxDraft>>20)
	}
	text := string(raw)
	if msg, err := mail.ReadMessage(bytes.NewReader(raw)); err == nil && msg.Header.Get("Subject") != "" {
		if text, err = plainText(msg.Header.Get("Content-Type"), msg.Header.Get("Content-Transfer-Encoding"), msg.Body); err != nil {
			return nil, fmt.Errorf("reading the message: %w", err)
		}
	}
	keys, err := draftKeys(text)
	if err != nil {
		return nil, err
	}
	if len(keys) == 0 {
		return nil, errors.New(`no request in it: expected the form-ready text makplan writes (makadd-request-<agreement>.txt, with "Last five characters of the product key:" and "Number of activations:" lines) or its .eml`)
	}
	return keys, nil
}

// plainText returns a message's text/plain part, decoded.
func plainText(contentType, encoding string, body io.Reader) (string, error) {
	mt, params, err := mime.ParseMediaType(contentType)
	if err != nil {
		mt = "text/plain"
	}
	if strings.HasPrefix(mt, "multipart/") {
		mr := multipart.NewReader(body, params["boundary"])
		for {
			p, err := mr.NextPart()
			if errors.Is(err, io.EOF) {
				return "", errors.New("the message has no text part")
			}
			if err != nil {
				return "", err
			}
			if t, err := plainText(p.Header.Get("Content-Type"), p.Header.Get("Content-Transfer-Encoding"), p); err == nil && t != "" {
				return t, nil
			}
		}
	}
	if mt != "text/plain" {
		return "", nil
	}
	var r io.Reader = body
	switch strings.ToLower(strings.TrimSpace(encoding)) {
	case "quoted-printable":
		r = quotedprintable.NewReader(body)
	case "base64":
		return "", errors.New("a base64 text part: makplan writes quoted-printable")
	}
	b, err := io.ReadAll(io.LimitReader(r, maxDraft))
	return string(b), err
}

// draftKeys reads the key and activation lines of a request's text, in
// pairs: a key line, then its activations.
func draftKeys(text string) ([]DraftKey, error) {
	var out []DraftKey
	var cur *DraftKey
	sc := bufio.NewScanner(strings.NewReader(text))
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		label, value, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		value = strings.TrimSpace(value)
		switch strings.TrimSpace(label) {
		case "Last five characters of the product key", "Product key (last five characters)":
			last5 := strings.ToUpper(value)
			if len(last5) != 5 || strings.Trim(last5, planner.KeyChars) != "" {
				return nil, fmt.Errorf("line %d: expected the last five characters of a product key, got %s", n, redact.Quote(value))
			}
			out = append(out, DraftKey{Last5: last5})
			cur = &out[len(out)-1]
		case "Product key":
			k, err := planner.ParseProductKey(value)
			if err != nil {
				return nil, fmt.Errorf("line %d: %v", n, err)
			}
			out = append(out, DraftKey{Last5: k.Last5(), Key: k})
			cur = &out[len(out)-1]
		case "Number of activations", "Additional activations requested":
			if cur == nil || cur.Activations != 0 {
				return nil, fmt.Errorf("line %d: %s without a product key line before it", n, redact.Quote(line))
			}
			a, err := strconv.Atoi(value)
			if err != nil || a < 1 {
				return nil, fmt.Errorf("line %d: expected the number of activations asked for, got %s", n, redact.Quote(value))
			}
			cur.Activations = a
		}
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	for _, k := range out {
		if k.Activations == 0 {
			return nil, fmt.Errorf("the key ending in %s has no number of activations after it", k.Last5)
		}
	}
	return out, nil
}
