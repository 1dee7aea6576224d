package main

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf16"

	"github.com/makplan/makplan/planner/outputs"
	"github.com/rogpeppe/go-internal/testscript"
	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/charmap"
)

func TestMain(m *testing.M) {
	// The in-process tests read ../../config.example.yaml: their history goes
	// to a temporary file, not beside it into the repository. (The scripts
	// get an environment of their own, and their history sits in their
	// work folder, beside makplan.yaml.)
	if os.Getenv("MAKPLAN_HISTORY_PATH") == "" && filepath.Base(os.Args[0]) != "makplan" { // not a script's makplan
		dir, err := os.MkdirTemp("", "makplan-test-history")
		if err != nil {
			panic(err)
		}
		defer os.RemoveAll(dir)
		os.Setenv("MAKPLAN_HISTORY_PATH", filepath.Join(dir, "history.db"))
		// Today, as the scripts have it: the tests judge as of days up to
		// it, and an as-of after today is refused, whatever day they run on.
		if os.Getenv("MAKPLAN_TODAY") == "" {
			os.Setenv("MAKPLAN_TODAY", "2027-01-31")
		}
	}
	testscript.Main(m, map[string]func(){
		"makplan": func() { os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr)) },
	})
}

// TestScripts runs testdata/script/*.txtar against the real command. $SAMPLES
// is the repository's samples/ folder.
func TestScripts(t *testing.T) {
	samples, err := filepath.Abs("../../samples")
	if err != nil {
		t.Fatal(err)
	}
	root, _ := filepath.Abs("../..")
	testscript.Run(t, testscript.Params{
		Dir: "testdata/script",
		// Each script starts in a folder laid out as after `makplan init`:
		// makplan.yaml (config.example.yaml) and samples/.
		// The starter configuration judges as of the day of the run; the
		// scripts judge as of the samples' day, 2026-11-27, so that their
		// hand-derived numbers hold on any day.
		Setup: func(e *testscript.Env) error {
			e.Setenv("MAKPLAN_INPUTS_AS_OF", "2026-11-27")
			// Today, for the checks that compare with it: after every month
			// the history script plays.
			e.Setenv("MAKPLAN_TODAY", "2027-01-31")
			e.Setenv("SAMPLES", samples)
			e.Setenv("REPO", root)
			if err := copyFile(filepath.Join(root, "config.example.yaml"), filepath.Join(e.WorkDir, "makplan.yaml")); err != nil {
				return err
			}
			for _, f := range []string{"vlsc-keys-2026-11-27.csv", "vamt-keys.cilx", "plan.xlsx"} {
				if err := copyFile(filepath.Join(samples, f), filepath.Join(e.WorkDir, "samples", f)); err != nil {
					return err
				}
			}
			// A key export without a date in it or in its name is dated by
			// its modification time when that is not after the day judged,
			// else as of the day judged (docs/history.md). The scripts'
			// files were written today, whatever day the tests run on: they
			// are made modified in the far future, so that such an export
			// is dated as of the day judged on any day. A script that dates
			// an export by its modification time sets it (mtime).
			return filepath.WalkDir(e.WorkDir, func(path string, d fs.DirEntry, err error) error {
				if err != nil || d.IsDir() {
					return err
				}
				return os.Chtimes(path, farFuture, farFuture)
			})
		},
		Cmds:                scriptCmds,
		RequireExplicitExec: false,
		UpdateScripts:       os.Getenv("UPDATE_SCRIPTS") != "",
	})
}

// jsonPath walks a decoded JSON value along a dot-separated path.
func jsonPath(v any, path string) (any, error) {
	for _, step := range strings.Split(path, ".") {
		switch x := v.(type) {
		case map[string]any:
			next, ok := x[step]
			if !ok {
				return nil, fmt.Errorf("no field %q", step)
			}
			v = next
		case []any:
			if field, want, ok := strings.Cut(step, "="); ok {
				found := false
				for _, e := range x {
					if m, ok := e.(map[string]any); ok && fmt.Sprint(m[field]) == want {
						v, found = e, true
						break
					}
				}
				if !found {
					return nil, fmt.Errorf("no element with %s", step)
				}
				continue
			}
			i, err := strconv.Atoi(step)
			if err != nil || i < 0 || i >= len(x) {
				return nil, fmt.Errorf("bad index %q for %d elements", step, len(x))
			}
			v = x[i]
		default:
			return nil, fmt.Errorf("cannot step %q into %v", step, v)
		}
	}
	return v, nil
}

func copyFile(from, to string) error {
	b, err := os.ReadFile(from)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(to), 0o755); err != nil {
		return err
	}
	return os.WriteFile(to, b, 0o644)
}

// farFuture is the modification time of the scripts' files.
var farFuture = time.Date(2100, 1, 1, 0, 0, 0, 0, time.UTC)

// scriptCmds are helpers that make the binary inputs the scripts need from
// readable text, and read JSON output.
var scriptCmds = map[string]func(ts *testscript.TestScript, neg bool, args []string){
	// holdlock DIR: take the output folder's lock, as a running makplan
	// would, until the script ends.
	"holdlock": func(ts *testscript.TestScript, neg bool, args []string) {
		set, err := outputs.Open(ts.MkAbs(args[0]), time.Second)
		ts.Check(err)
		ts.Defer(func() { set.Close() })
	},
	// mtime FILE DATE: set FILE's modification time to DATE (YYYY-MM-DD,
	// noon UTC), or to the far future with "far", as every file of the
	// script starts.
	"mtime": func(ts *testscript.TestScript, neg bool, args []string) {
		if len(args) != 2 {
			ts.Fatalf("usage: mtime FILE DATE")
		}
		t := farFuture
		if args[1] != "far" {
			d, err := time.Parse("2006-01-02", args[1])
			ts.Check(err)
			t = d.Add(12 * time.Hour)
		}
		ts.Check(os.Chtimes(ts.MkAbs(args[0]), t, t))
	},
	// json FILE PATH WANT: the value at PATH (dot-separated; numbers index arrays;
	// a field=value step picks the array element whose field has that value) in
	// FILE (or stdout), printed compactly, equals WANT.
	"json": func(ts *testscript.TestScript, neg bool, args []string) {
		if len(args) != 3 {
			ts.Fatalf("usage: json FILE PATH WANT")
		}
		var data string
		if args[0] == "stdout" {
			data = ts.ReadFile("stdout")
		} else {
			data = ts.ReadFile(args[0])
		}
		var v any
		ts.Check(json.Unmarshal([]byte(data), &v))
		got, err := jsonPath(v, args[1])
		ts.Check(err)
		b, _ := json.Marshal(got)
		if (string(b) == args[2]) == neg {
			ts.Fatalf("%s: got %s, want %s", args[1], b, args[2])
		}
	},
	// utf16 IN OUT: write IN as UTF-16LE with a BOM, CRLF line ends (Excel's "Unicode Text").
	"utf16": func(ts *testscript.TestScript, neg bool, args []string) {
		in := []rune(strings.ReplaceAll(ts.ReadFile(args[0]), "\n", "\r\n"))
		var b bytes.Buffer
		b.Write([]byte{0xFF, 0xFE})
		for _, u := range utf16.Encode(in) {
			b.WriteByte(byte(u))
			b.WriteByte(byte(u >> 8))
		}
		ts.Check(os.WriteFile(ts.MkAbs(args[1]), b.Bytes(), 0o644))
	},
	// cp1252 IN OUT: write IN in Windows-1252, as Excel's plain "CSV" does.
	"cp1252": func(ts *testscript.TestScript, neg bool, args []string) {
		out, err := charmap.Windows1252.NewEncoder().String(ts.ReadFile(args[0]))
		ts.Check(err)
		ts.Check(os.WriteFile(ts.MkAbs(args[1]), []byte(out), 0o644))
	},
	// zipdir DIR OUT [OLD NEW]: zip the files under DIR into OUT (a
	// hand-made workbook), replacing OLD by NEW in them; both are Go string
	// literals without the quotes, so "\x01" is a control character.
	"zipdir": func(ts *testscript.TestScript, neg bool, args []string) {
		if len(args) != 2 && len(args) != 4 {
			ts.Fatalf("usage: zipdir DIR OUT [OLD NEW]")
		}
		var old, repl string
		if len(args) == 4 {
			var err error
			old, err = strconv.Unquote(`"` + args[2] + `"`)
			ts.Check(err)
			repl, err = strconv.Unquote(`"` + args[3] + `"`)
			ts.Check(err)
		}
		var buf bytes.Buffer
		zw := zip.NewWriter(&buf)
		dir := ts.MkAbs(args[0])
		ts.Check(filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			data, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			if old != "" {
				data = bytes.ReplaceAll(data, []byte(old), []byte(repl))
			}
			rel, _ := filepath.Rel(dir, path)
			w, err := zw.Create(filepath.ToSlash(rel))
			if err != nil {
				return err
			}
			_, err = w.Write(data)
			return err
		}))
		ts.Check(zw.Close())
		ts.Check(os.WriteFile(ts.MkAbs(args[1]), buf.Bytes(), 0o644))
	},
	// bytes OUT TEXT: write TEXT, a Go string literal without the quotes, to OUT.
	"bytes": func(ts *testscript.TestScript, neg bool, args []string) {
		if len(args) != 2 {
			ts.Fatalf("usage: bytes OUT TEXT")
		}
		data, err := strconv.Unquote(`"` + args[1] + `"`)
		ts.Check(err)
		ts.Check(os.WriteFile(ts.MkAbs(args[0]), []byte(data), 0o644))
	},
	// cell FILE.xlsx SHEET REF WANT: the cell's value (its cached value for a
	// formula) is WANT, a regular expression; with !, it does not match.
	"cell": func(ts *testscript.TestScript, neg bool, args []string) {
		if len(args) != 4 {
			ts.Fatalf("usage: cell FILE.xlsx SHEET REF WANT")
		}
		f, err := excelize.OpenFile(ts.MkAbs(args[0]))
		ts.Check(err)
		defer f.Close()
		got, err := f.GetCellValue(args[1], args[2], excelize.Options{RawCellValue: true})
		ts.Check(err)
		ok, err := regexp.MatchString(args[3], got)
		ts.Check(err)
		if ok == neg {
			ts.Fatalf("%s!%s is %q; want %s%q", args[1], args[2], got, map[bool]string{true: "not ", false: ""}[neg], args[3])
		}
	},
	// bom IN OUT: prefix IN with a UTF-8 BOM.
	"bom": func(ts *testscript.TestScript, neg bool, args []string) {
		ts.Check(os.WriteFile(ts.MkAbs(args[1]), append([]byte("\xEF\xBB\xBF"), ts.ReadFile(args[0])...), 0o644))
	},
	// xlsx IN.csv OUT.xlsx [SHEET] [1904]: a workbook whose sheet holds the CSV's
	// cells; cells written "=date:SERIAL" become date cells with that serial, and
	// cells that are numbers become numbers. With 1904 the workbook uses the 1904 epoch.
	"xlsx": func(ts *testscript.TestScript, neg bool, args []string) {
		if len(args) < 2 {
			ts.Fatalf("usage: xlsx IN.csv OUT.xlsx [SHEET] [1904]")
		}
		recs, err := csv.NewReader(strings.NewReader(ts.ReadFile(args[0]))).ReadAll()
		ts.Check(err)
		f := excelize.NewFile()
		sheet := "Sheet1"
		if len(args) > 2 && args[2] != "1904" {
			sheet = args[2]
			ts.Check(f.SetSheetName("Sheet1", sheet))
		}
		if args[len(args)-1] == "1904" {
			yes := true
			ts.Check(f.SetWorkbookProps(&excelize.WorkbookPropsOptions{Date1904: &yes}))
		}
		style, err := f.NewStyle(&excelize.Style{NumFmt: 14})
		ts.Check(err)
		for r, rec := range recs {
			for c, v := range rec {
				cell, _ := excelize.CoordinatesToCellName(c+1, r+1)
				if strings.HasPrefix(v, "=date:") {
					var serial float64
					_, err := fmt.Sscan(strings.TrimPrefix(v, "=date:"), &serial)
					ts.Check(err)
					ts.Check(f.SetCellFloat(sheet, cell, serial, -1, 64))
					ts.Check(f.SetCellStyle(sheet, cell, cell, style))
					continue
				}
				ts.Check(f.SetCellValue(sheet, cell, v))
			}
		}
		ts.Check(f.SaveAs(ts.MkAbs(args[1])))
	},
}

// testNow is the in-process tests' clock: the scripts' today (MAKPLAN_TODAY),
// so that they judge as of the same days whatever day they run on.
func testNow() time.Time { return time.Date(2027, 1, 31, 12, 0, 0, 0, time.UTC) }
