package main

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/makplan/makplan/planner/redact"
)

// TestNoPlantedKeySurvivesAnyChannel is the masking property end to end
// (issue 19): keys planted anywhere in the text of the inputs — device
// names, serials, waves, a key export's License ID and organisation, the
// customer's name, a request's ticket — with any separators, survive on no
// channel: stdout, stderr, --json, explain, check, the workbook, the
// request's text and its attachment, the history. The key requested from
// Microsoft is the one key the email holds (with email.keys: full).
func TestNoPlantedKeySurvivesAnyChannel(t *testing.T) {
	const requested = "7XN4B-JKC2Q-TYG8M-W3RPD-VF68T"
	for seed := uint64(1); seed <= 8; seed++ {
		rng := rand.New(rand.NewPCG(seed, 19))
		var planted []string
		text := func(prefix string) string {
			s, keys := redact.RandomCellWithKeys(rng)
			planted = append(planted, keys...)
			return prefix + s
		}
		dir := t.TempDir()
		var plan bytes.Buffer
		w := csv.NewWriter(&plan)
		w.Write([]string{"Device", "Serial", "Licensed Product", "License Channel", "Target Product", "Enterprise Upgrade", "Wave", "Wave Date"})
		for i := 0; i < 6; i++ {
			w.Write([]string{text(fmt.Sprintf("PC-%d ", i)), text(""), "Windows 10 Pro", "OEM", "Windows 11 Enterprise", "Yes", text("W "), "2027-01-18"})
		}
		w.Flush()
		var keys bytes.Buffer
		w = csv.NewWriter(&keys)
		w.Write([]string{"License ID", "Parent Program", "Organization", "Product", "Product Key", "Type", "MAK Activations-Used/Available"})
		// A License ID with a key broken over two lines or split by an
		// invisible character (issue 28, finding 2): it goes into the request.
		lid, lidKey := redact.RandomSplitKey(rng)
		planted = append(planted, lidKey)
		w.Write([]string{lid, "91000001ZZS0001", text("Org "), "Windows 10/11 Enterprise", requested, "MAK", "8/10"})
		w.Flush()
		customer := ""
		for customer == "" || len(customer) > 80 { // the subject names the customer: it must stay short
			c, keys := redact.RandomCellWithKeys(rng)
			if c = strings.NewReplacer("\n", " ", "\r", " ").Replace(c); len(keys) == 1 && len(c) <= 30 {
				customer = "Cust " + c
				planted = append(planted, keys...)
			}
		}
		config := fmt.Sprintf("customer: {name: %q, contact: {name: Ada, email: ada@northwind.example}}\n"+
			"agreements: [{number: \"91000001ZZS0001\", program: EA}]\n"+
			"inputs: {keys: [keys.csv], plan: [plan.csv], as_of: 2026-11-27}\n"+
			"email: {keys: full, attach: full}\nhistory: {path: history.db}\noutput: {dir: out}\n", customer)
		for name, data := range map[string][]byte{"plan.csv": plan.Bytes(), "keys.csv": keys.Bytes(), "makplan.yaml": []byte(config)} {
			if err := os.WriteFile(filepath.Join(dir, name), data, 0o600); err != nil {
				t.Fatal(err)
			}
		}
		cfg := filepath.Join(dir, "makplan.yaml")
		var channels []string
		runs := [][]string{{"plan", "--json"}, {"explain", "--json"}, {"check"}, {"email"},
			{"request", "record", "--key", "VF68T", "--requested", "5", "--ticket", text("T-")}, {"request", "list", "--json"}, {"history", "--json"}}
		for _, args := range runs {
			var out, errb bytes.Buffer
			run(append(args, "--config", cfg), nil, &out, &errb)
			label := args[0] // the command, not its planted argument
			if len(args) > 1 {
				label += " " + args[1]
			}
			channels = append(channels, label+" stdout\n"+out.String(), label+" stderr\n"+errb.String())
		}
		entries, _ := os.ReadDir(filepath.Join(dir, "out"))
		if len(entries) < 3 {
			t.Fatalf("the run wrote %d files", len(entries))
		}
		for _, e := range entries {
			data, _ := os.ReadFile(filepath.Join(dir, "out", e.Name()))
			channels = append(channels, contents(t, e.Name(), data)...)
		}
		for _, name := range []string{"history.db", "history.db-wal"} {
			if data, err := os.ReadFile(filepath.Join(dir, name)); err == nil {
				channels = append(channels, name+"\n"+string(data))
			}
		}
		for _, ch := range channels {
			for _, k := range planted {
				if redact.Survives(ch, k) {
					t.Fatalf("seed %d: the key %s survives in %s", seed, k, strings.SplitN(ch, "\n", 2)[0])
				}
			}
		}
		if !strings.Contains(strings.Join(channels, "\n"), requested) {
			t.Errorf("seed %d: the requested key is in no request", seed)
		}
	}
}

// contents returns what a written file holds, a workbook's parts and an
// email's parts decoded, each headed by its name.
func contents(t *testing.T, name string, data []byte) []string {
	t.Helper()
	switch {
	case strings.HasSuffix(name, ".xlsx"):
		zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, zf := range zr.File {
			rc, _ := zf.Open()
			b, _ := io.ReadAll(rc)
			rc.Close()
			out = append(out, name+"/"+zf.Name+"\n"+string(b))
		}
		return out
	case strings.HasSuffix(name, ".eml"):
		text, parts := dumpEmail(t, data)
		out := []string{name + "\n" + text}
		for pn, p := range parts {
			if strings.HasSuffix(pn, ".xlsx") {
				out = append(out, contents(t, pn, p)...)
				continue
			}
			out = append(out, name+"/"+pn+"\n"+string(p))
		}
		return out
	}
	return []string{name + "\n" + string(data)}
}
