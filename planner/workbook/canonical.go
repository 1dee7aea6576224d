package workbook

import (
	"archive/zip"
	"bytes"
	"io"
	"regexp"
	"sort"
)

var defaultElem = regexp.MustCompile(`<Default [^>]*>(?:</Default>)?`)

// canonical rewrites an .xlsx package so that the same content gives the same
// bytes: excelize registers image content types from a Go map (in random
// order) when a chart is added; here the Default entries of
// [Content_Types].xml are sorted, and the entries (written from a map too)
// are put in name order, [Content_Types].xml first. Names and (zero) times are kept.
func canonical(pkg []byte) ([]byte, error) {
	zr, err := zip.NewReader(bytes.NewReader(pkg), int64(len(pkg)))
	if err != nil {
		return nil, err
	}
	files := append([]*zip.File(nil), zr.File...)
	sort.SliceStable(files, func(i, j int) bool {
		if (files[i].Name == "[Content_Types].xml") != (files[j].Name == "[Content_Types].xml") {
			return files[i].Name == "[Content_Types].xml"
		}
		return files[i].Name < files[j].Name
	})
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, f := range files {
		if f.Name != "[Content_Types].xml" {
			// Copied as compressed, neither inflated nor held in memory.
			raw, err := f.OpenRaw()
			if err != nil {
				return nil, err
			}
			hdr := f.FileHeader
			w, err := zw.CreateRaw(&hdr)
			if err != nil {
				return nil, err
			}
			if _, err := io.Copy(w, raw); err != nil {
				return nil, err
			}
			continue
		}
		rc, err := f.Open()
		if err != nil {
			return nil, err
		}
		data, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			return nil, err
		}
		hdr := f.FileHeader
		hdr.CompressedSize64, hdr.UncompressedSize64, hdr.CRC32 = 0, 0, 0
		w, err := zw.CreateHeader(&hdr)
		if err != nil {
			return nil, err
		}
		if _, err := w.Write(sortDefaults(data)); err != nil {
			return nil, err
		}
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
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
