package workbook

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"io"
	"regexp"
	"sort"
	"strings"
	"time"
)

var defaultElem = regexp.MustCompile(`<Default [^>]*>(?:</Default>)?`)

// canonical rewrites an .xlsx package so that the same content gives the same
// bytes: excelize registers image content types from a Go map (in random
// order) when a chart is added; here the Default entries of
// [Content_Types].xml are sorted, and the entries (written from a map too)
// are put in name order, [Content_Types].xml first. Names and (zero) times are kept.
// The worksheets that hold a splice's marker get its rows (stream.go),
// compressed on every core.
//
// With splices, the package gets the shared strings they refer to: the part
// (written last, when the sheets have filled it), its content type and its
// relationship from the workbook.
func canonical(w io.Writer, pkg []byte, splices []splice, sst *sharedStrings) error {
	zr, err := zip.NewReader(bytes.NewReader(pkg), int64(len(pkg)))
	if err != nil {
		return err
	}
	files := append([]*zip.File(nil), zr.File...)
	sort.SliceStable(files, func(i, j int) bool {
		if (files[i].Name == "[Content_Types].xml") != (files[j].Name == "[Content_Types].xml") {
			return files[i].Name == "[Content_Types].xml"
		}
		return files[i].Name < files[j].Name
	})
	zw := zip.NewWriter(w)
	for _, f := range files {
		if len(splices) > 0 && strings.HasPrefix(f.Name, "xl/worksheets/sheet") {
			done, err := spliceEntry(zw, f, splices)
			if err != nil {
				return err
			}
			if done {
				continue
			}
		}
		if f.Name != "[Content_Types].xml" && !(len(splices) > 0 && f.Name == workbookRels) {
			// Copied as compressed, neither inflated nor held in memory.
			raw, err := f.OpenRaw()
			if err != nil {
				return err
			}
			hdr := f.FileHeader
			hdr.Modified = packageTime
			//lint:ignore SA1019 CreateRaw writes the MS-DOS fields as they are: packageTime in that form
			hdr.ModifiedDate, hdr.ModifiedTime = 1<<5|1, 0
			w, err := zw.CreateRaw(&hdr)
			if err != nil {
				return err
			}
			if _, err := io.Copy(w, raw); err != nil {
				return err
			}
			continue
		}
		rc, err := f.Open()
		if err != nil {
			return err
		}
		data, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			return err
		}
		hdr := f.FileHeader
		hdr.Modified = packageTime
		hdr.CompressedSize64, hdr.UncompressedSize64, hdr.CRC32 = 0, 0, 0
		w, err := zw.CreateHeader(&hdr)
		if err != nil {
			return err
		}
		switch {
		case f.Name == workbookRels:
			data = bytes.Replace(data, []byte("</Relationships>"), []byte(sstRelationship+"</Relationships>"), 1)
		case len(splices) > 0:
			data = bytes.Replace(data, []byte("</Types>"), []byte(sstContentType+"</Types>"), 1)
		}
		if _, err := w.Write(sortDefaults(data)); err != nil {
			return err
		}
	}
	if len(splices) > 0 {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: sstPart, Method: zip.Deflate, Modified: packageTime})
		if err != nil {
			return err
		}
		if err := sst.write(w); err != nil {
			return err
		}
	}
	return zw.Close()
}

// packageTime is every entry's time: the first day a zip can say (excelize
// leaves them zero, which tools show as "1980-00-00"); a fixed time keeps
// the same report the same bytes.
var packageTime = time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)

// The shared-string part that the spliced sheets refer to.
const (
	sstPart         = "xl/sharedStrings.xml"
	workbookRels    = "xl/_rels/workbook.xml.rels"
	sstRelationship = `<Relationship Id="rIdMakplanStrings" Target="sharedStrings.xml" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"></Relationship>`
	sstContentType  = `<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"></Override>`
)

// spliceEntry writes worksheet f with a splice's rows in place of its
// marker row, if it holds a marker.
func spliceEntry(zw *zip.Writer, f *zip.File, splices []splice) (bool, error) {
	rc, err := f.Open()
	if err != nil {
		return false, err
	}
	part, err := io.ReadAll(rc)
	rc.Close()
	if err != nil {
		return false, err
	}
	for _, sp := range splices {
		if !bytes.Contains(part, []byte(sp.marker)) {
			continue
		}
		hdr := f.FileHeader
		hdr.Modified = packageTime
		//lint:ignore SA1019 CreateRaw writes the MS-DOS fields as they are: packageTime in that form
		hdr.ModifiedDate, hdr.ModifiedTime = 1<<5|1, 0
		hdr.Method = zip.Deflate
		hdr.Flags |= 0x8 // sizes and CRC in a data descriptor, after the data
		hdr.CompressedSize64, hdr.UncompressedSize64, hdr.CRC32 = 0, 0, 0
		w, err := zw.CreateRaw(&hdr)
		if err != nil {
			return true, err
		}
		pd := newParallelDeflate(w, flate.BestSpeed)
		if _, err := spliceRows(part, sp.marker, sp.write, pd); err != nil {
			pd.Close()
			return true, err
		}
		if err := pd.Close(); err != nil {
			return true, err
		}
		// The writer reads these when it writes the data descriptor and the
		// central directory: at the next entry, or at Close.
		hdr.CRC32, hdr.CompressedSize64, hdr.UncompressedSize64 = pd.crc, uint64(pd.n), uint64(pd.in)
		//lint:ignore SA1019 the central directory of a raw entry reads the 32-bit fields, which CreateRaw set before the data was known
		hdr.CompressedSize, hdr.UncompressedSize = uint32(min(pd.n, 1<<32-1)), uint32(min(pd.in, 1<<32-1))
		return true, nil
	}
	return false, nil
}

func sortDefaults(xml []byte) []byte {
	locs := defaultElem.FindAllIndex(xml, -1)
	if len(locs) < 2 {
		return xml
	}
	elems := make([]string, len(locs))
	for i, l := range locs {
		elems[i] = string(xml[l[0]:l[1]])
	}
	sort.Strings(elems)
	var b bytes.Buffer
	prev := 0
	for i, l := range locs {
		b.Write(xml[prev:l[0]])
		b.WriteString(elems[i])
		prev = l[1]
	}
	b.Write(xml[prev:])
	return b.Bytes()
}
