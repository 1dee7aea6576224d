package xlsxstream

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// sofficeOrSkip returns the path of LibreOffice's soffice, skipping the test
// when it is not installed, unless MAKPLAN_REQUIRE_CLIENTS=1 asks for every
// client program (then the test fails).
func sofficeOrSkip(t *testing.T) string {
	t.Helper()
	path, err := exec.LookPath("soffice")
	if err != nil {
		if os.Getenv("MAKPLAN_REQUIRE_CLIENTS") == "1" {
			t.Fatal("soffice (LibreOffice) is not installed and MAKPLAN_REQUIRE_CLIENTS=1")
		}
		t.Skip("soffice (LibreOffice) is not installed")
	}
	return path
}

// convertWithLibreOffice has LibreOffice read src (an .xlsx or a .csv) and
// save it as .xlsx, and returns the new file's content.
func convertWithLibreOffice(t *testing.T, soffice, src string) []byte {
	t.Helper()
	out := t.TempDir()
	profile := t.TempDir() // a profile of its own: no clash with a running LibreOffice
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	args := []string{"-env:UserInstallation=file://" + filepath.ToSlash(profile), "--headless", "--norestore", "--convert-to", "xlsx", "--outdir", out}
	if strings.HasSuffix(src, ".csv") {
		// Comma-separated, UTF-8 (76), first line as text like the rest.
		args = append(args, "--infilter=CSV:44,34,76,1")
	}
	cmd := exec.CommandContext(ctx, soffice, append(args, src)...)
	cmd.Env = append(os.Environ(), "HOME="+profile)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, b)
	}
	name := strings.TrimSuffix(filepath.Base(src), filepath.Ext(src)) + ".xlsx"
	data, err := os.ReadFile(filepath.Join(out, name))
	if err != nil {
		t.Fatalf("soffice wrote no %s: %v", name, err)
	}
	return data
}

// TestLibreOffice reads workbooks saved by LibreOffice, which writes its own
// flavour of SpreadsheetML (shared strings for all text, its own styles,
// rows and cells of its own choosing), and compares with excelize.
func TestLibreOffice(t *testing.T) {
	soffice := sofficeOrSkip(t)
	if testing.Short() {
		t.Skip("-short: LibreOffice takes seconds to start")
	}
	dir := t.TempDir()

	// The differential test's workbook, as LibreOffice re-saves it.
	src := filepath.Join(dir, "excelize.xlsx")
	if err := os.WriteFile(src, buildDiffWorkbook(t, false), 0o644); err != nil {
		t.Fatal(err)
	}
	// A plan exported as CSV: text, numbers, dates, empty fields, quotes.
	var csv strings.Builder
	csv.WriteString("Device,Product,Key,Seats,Purchased,Notes\n")
	for i := 1; i <= 500; i++ {
		notes := ""
		if i%7 == 0 {
			notes = fmt.Sprintf(`"quoted, with comma ""%d"""`, i)
		}
		fmt.Fprintf(&csv, "PC-%04d,Windows 11 Pro,ABCDE-%05d,%d,2024-%02d-%02d,%s\n", i, i, i%50, i%12+1, i%28+1, notes)
	}
	csv.WriteString("Zürich ü,中文,,1.5,,trailing\n")
	csvPath := filepath.Join(dir, "plan.csv")
	if err := os.WriteFile(csvPath, []byte(csv.String()), 0o644); err != nil {
		t.Fatal(err)
	}

	for _, path := range []string{src, csvPath} {
		data := convertWithLibreOffice(t, soffice, path)
		w, err := openBytes(data)
		if err != nil {
			t.Fatalf("%s: %v", filepath.Base(path), err)
		}
		for _, sheet := range w.Sheets() {
			ours, err := readOurs(data, sheet, Limits{})
			if err != nil {
				t.Fatalf("%s, sheet %s: %v", filepath.Base(path), sheet, err)
			}
			theirs, err := readExcelize(data, sheet)
			if err != nil {
				t.Fatalf("excelize, %s, sheet %s: %v", filepath.Base(path), sheet, err)
			}
			if d := diffRows(ours, theirs); d != "" {
				t.Errorf("%s, sheet %s:\n%s", filepath.Base(path), sheet, d)
			}
			if len(ours) < 10 {
				t.Errorf("%s, sheet %s: only %d rows", filepath.Base(path), sheet, len(ours))
			}
			t.Logf("%s, sheet %s: %d rows agree", filepath.Base(path), sheet, len(ours))
		}
	}
}
