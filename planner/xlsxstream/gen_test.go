package xlsxstream

import (
	"archive/zip"
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// benchColumns is the number of columns of the generated benchmark sheet.
const benchColumns = 14

// benchWorkbook returns the path of a generated workbook of n data rows
// (plus a header row) with benchColumns columns: strings from small pools
// (a few hundred distinct values, as in a real plan), integers, floats,
// negative numbers, booleans and dates with a date style. excelize's
// StreamWriter writes strings inline; with shared set, the sheet's inline
// strings are then moved to a shared-string table, which is what Excel
// writes. The file is cached under os.TempDir, keyed by n and the variant,
// so that repeated benchmark runs do not regenerate it.
func benchWorkbook(tb testing.TB, n int, shared bool) string {
	tb.Helper()
	variant := "inline"
	if shared {
		variant = "shared"
	}
	path := filepath.Join(os.TempDir(), fmt.Sprintf("xlsxstream-bench-v1-%d-%s.xlsx", n, variant))
	if _, err := os.Stat(path); err == nil {
		return path
	}
	inline := path
	if shared {
		inline = benchWorkbook(tb, n, false)
	}
	tmp := path + ".tmp.xlsx" // excelize insists on the extension
	var err error
	if shared {
		err = convertToSharedStrings(inline, tmp)
	} else {
		err = writeBenchWorkbook(tmp, n)
	}
	if err != nil {
		os.Remove(tmp)
		tb.Fatal(err)
	}
	if err := os.Rename(tmp, path); err != nil {
		tb.Fatal(err)
	}
	return path
}

// Value pools for the benchmark sheet: 40 + 12 + 300 + 25 + 8 distinct strings.
var (
	poolProducts = makePool("Windows 11 Pro product", 40)
	poolEditions = makePool("Edition", 12)
	poolSites    = makePool("Site ", 300)
	poolOwners   = makePool("Owner, Dept.", 25)
	poolStates   = makePool("state & status", 8)
)

func makePool(prefix string, n int) []string {
	p := make([]string, n)
	for i := range p {
		p[i] = fmt.Sprintf("%s %03d", prefix, i)
	}
	return p
}

func benchRow(i int) []any {
	day := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, i%2000)
	return []any{
		poolProducts[i%len(poolProducts)],
		poolEditions[(i/7)%len(poolEditions)],
		poolSites[(i*31)%len(poolSites)],
		i,
		float64(i) * 1.25,
		day,
		i % 97,
		poolOwners[(i/3)%len(poolOwners)],
		-float64(i%1000) / 8,
		i%3 == 0,
		poolStates[i%len(poolStates)],
		int64(i) * 1000003,
		day.AddDate(1, 0, 0),
		poolSites[(i*7)%len(poolSites)],
	}
}

func writeBenchWorkbook(path string, n int) error {
	f := excelize.NewFile()
	defer f.Close()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		return err
	}
	header := make([]any, benchColumns)
	for c := range header {
		header[c] = fmt.Sprintf("Column %d", c+1)
	}
	if err := sw.SetRow("A1", header); err != nil {
		return err
	}
	for i := 1; i <= n; i++ {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := sw.SetRow(cell, benchRow(i)); err != nil {
			return err
		}
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	return f.SaveAs(path)
}

var inlineCell = regexp.MustCompile(`t="inlineStr"><is><t(?: [^>]*)?>([^<]*)</t></is>`)

// convertToSharedStrings copies the workbook at src to dst, replacing the
// inline strings of xl/worksheets/sheet1.xml by indexes into a new
// xl/sharedStrings.xml.
func convertToSharedStrings(src, dst string) error {
	zr, err := zip.OpenReader(src)
	if err != nil {
		return err
	}
	defer zr.Close()
	out, err := os.Create(dst)
	if err != nil {
		return err
	}
	defer out.Close()
	zw := zip.NewWriter(out)
	index := map[string]int{}
	var sst bytes.Buffer
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			return err
		}
		w, err := zw.CreateHeader(&zip.FileHeader{Name: f.Name, Method: zip.Deflate})
		if err != nil {
			return err
		}
		switch f.Name {
		case "xl/worksheets/sheet1.xml":
			err = replaceInlineStrings(w, rc, index, &sst)
		case "xl/_rels/workbook.xml.rels":
			err = copyInserting(w, rc, "</Relationships>", `<Relationship Id="rIdSST" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>`)
		case "[Content_Types].xml":
			err = copyInserting(w, rc, "</Types>", `<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>`)
		default:
			_, err = io.Copy(w, rc)
		}
		rc.Close()
		if err != nil {
			return err
		}
	}
	w, err := zw.CreateHeader(&zip.FileHeader{Name: "xl/sharedStrings.xml", Method: zip.Deflate})
	if err != nil {
		return err
	}
	fmt.Fprintf(w, `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>`+"\n"+
		`<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="%d" uniqueCount="%d">`, len(index), len(index))
	w.Write(sst.Bytes())
	io.WriteString(w, `</sst>`)
	return zw.Close()
}

func replaceInlineStrings(w io.Writer, r io.Reader, index map[string]int, sst *bytes.Buffer) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 1<<26)
	sc.Split(func(data []byte, atEOF bool) (int, []byte, error) {
		if i := bytes.Index(data, []byte("</row>")); i >= 0 {
			return i + 6, data[:i+6], nil
		}
		if atEOF && len(data) > 0 {
			return len(data), data, nil
		}
		return 0, nil, nil
	})
	bw := bufio.NewWriterSize(w, 1<<20)
	for sc.Scan() {
		bw.Write(inlineCell.ReplaceAllFunc(sc.Bytes(), func(m []byte) []byte {
			text := string(inlineCell.FindSubmatch(m)[1])
			i, ok := index[text]
			if !ok {
				i = len(index)
				index[text] = i
				fmt.Fprintf(sst, `<si><t>%s</t></si>`, text)
			}
			return []byte(`t="s"><v>` + strconv.Itoa(i) + `</v>`)
		}))
	}
	if err := sc.Err(); err != nil {
		return err
	}
	return bw.Flush()
}

func copyInserting(w io.Writer, r io.Reader, before, insert string) error {
	b, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	i := bytes.LastIndex(b, []byte(before))
	if i < 0 {
		return fmt.Errorf("%q not found", before)
	}
	_, err = w.Write(append(append(append([]byte{}, b[:i]...), insert...), b[i:]...))
	return err
}
