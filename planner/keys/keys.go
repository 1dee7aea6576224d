// Package keys reads product-key exports into planner.Key values: the VLSC /
// Microsoft 365 admin center product key export (CSV or XLSX, English or
// Portuguese headers), VAMT PowerShell and copied Product Keys views (CSV or
// XLSX), and VAMT .cilx XML.
package keys

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/makplan/makplan/planner"
	"github.com/makplan/makplan/planner/cells"
	"github.com/makplan/makplan/planner/problem"
	"github.com/makplan/makplan/planner/redact"
	"github.com/makplan/makplan/planner/sheet"
	"github.com/makplan/makplan/planner/wording"
)

// Column IDs of Schema.
const (
	colKey = iota
	colType
	colProduct
	colParentProgram
	colLicenseID
	colOrganization
	colUsedAvailable
	colRemaining
	colLimit
	colUsed
	colUpdated
	colSku
)

// Schema is the key table's columns with their built-in header aliases: the
// VLSC export in English and Portuguese, VAMT's PowerShell property names and
// the VAMT console's Product Keys view.
var Schema = sheet.Schema{
	colKey:  {Name: "Product Key", Required: true, Aliases: []string{"Chave de Produto", "ProductKey", "KeyValue", "Key", "Product Key Value"}},
	colType: {Name: "Type", Aliases: []string{"Tipo", "Key Type", "KeyType", "Product Key Type", "Channel"}},
	// A free-text Description (VAMT's own note on a key) comes last: the
	// product columns win over it.
	colProduct:       {Name: "Product", Aliases: []string{"Produto", "Product Name", "Key Description", "Supported Products", "SupportedProducts", "SupportedEditions", "Supported Editions", "ProductDescription", "Product Description", "Products", "Edition", "Description"}},
	colParentProgram: {Name: "Parent Program", Aliases: []string{"Programa Pai", "ParentProgram", "Agreement", "Agreement Number", "Enrollment Number", "Enrollment"}},
	colLicenseID:     {Name: "License ID", Aliases: []string{"Identificação de Licenciamento", "LicenseID", "Licence ID", "Licensing ID", "Authorization Number"}},
	colOrganization:  {Name: "Organization", Aliases: []string{"Organização", "Organisation", "Organization name", "Organisation name"}},
	// The Microsoft 365 admin center's Keys tab shows "Activations or Seats",
	// used out of the total.
	colUsedAvailable: {Name: "MAK Activations-Used/Available", Aliases: []string{"Ativações de MAK - Usadas/Disponíveis)", "Ativações de MAK - Usadas/Disponíveis", "MAK Activations Used/Available", "Activations Used/Available", "Used/Available", "Activations or Seats", "Activations/Seats", "Activations"}},
	colRemaining:     {Name: "Remaining Activation Count", Aliases: []string{"RemainingActivationCount", "RemainingActivations", "Remaining Activations", "Remaining"}},
	colLimit:         {Name: "Activation Limit", Aliases: []string{"ActivationLimit", "MaxActivationCount", "MaxActivations", "Limit", "Available"}},
	colUsed:          {Name: "Used Activations", Aliases: []string{"UsedActivations", "ActivationCount", "Used"}},
	// VAMT's last refresh of the counts ("Refresh product key data online"):
	// the snapshot's date, unless inputs.key_dates says otherwise.
	colUpdated: {Name: "Last Update", Aliases: []string{"LastUpdate", "Last Updated", "LastUpdated", "LastRefresh", "Last Refresh", "Last Refreshed", "Refresh Date", "Date Refreshed"}},
	// VAMT's activation ID of the key's product: read before the product
	// columns when makplan knows it (planner.ProductOfActivationID).
	colSku: {Name: "Supported SKU", Aliases: []string{"SupportedSku", "SupportedSKU", "Activation ID", "ActivationID", "SKU ID", "SkuId"}},
}

// NotUsed are the columns of the key exports makplan does not read: named
// once by validate as not used.
var NotUsed = []string{"Seats", "OSA Status", "KeyId", "Key Id", "UserRemarks", "User Remarks", "LastErrorCode", "Last Error Code", "Id", "Status"}

// Options are the settings a key reader needs.
type Options struct {
	// Ignore names more columns that are not used (inputs.ignore_columns).
	Ignore  []string
	Aliases map[string][]string // extra header aliases, canonical name → aliases
	Sheet   string              // the workbook sheet to read; "" = the first with the headers
	// MaxDepth bounds the nesting of a .cilx (DefaultMaxDepth when 0).
	MaxDepth int
	// Limits bound the reading of a workbook or CSV (and the longest text
	// of a .cilx: Limits.LineLength).
	Limits sheet.Limits
	// DateOrder reads numeric text dates (inputs.date_order).
	DateOrder cells.DateOrder
}

// Read reads one key export, choosing the format by content: XML (.cilx),
// a workbook, or CSV. Each returned key comes from one row or element; merge
// them with planner.MergeKeys. Every problem found is added to ps.
func Read(name string, src sheet.Source, opt Options, ps *problem.Problems) []planner.Key {
	head := make([]byte, 512)
	n, _ := src.ReadAt(head, 0)
	if isXML(name, head[:n]) {
		return ReadCILX(name, io.NewSectionReader(src, 0, src.Size()), opt, ps)
	}
	return readTable(name, src, opt, ps)
}

func isXML(name string, head []byte) bool {
	if strings.EqualFold(filepath.Ext(name), ".cilx") || strings.EqualFold(filepath.Ext(name), ".xml") {
		return true
	}
	t := bytes.TrimLeft(bytes.TrimPrefix(head, []byte{0xEF, 0xBB, 0xBF}), " \t\r\n")
	return bytes.HasPrefix(t, []byte("<?xml")) || bytes.HasPrefix(t, []byte("<SoftwareLicensingData"))
}

func readTable(name string, src sheet.Source, opt Options, ps *problem.Problems) []planner.Key {
	t, err := sheet.Open(name, src, Schema, sheet.Options{Sheet: opt.Sheet, Aliases: opt.Aliases, NotUsed: NotUsed, Ignore: opt.Ignore, Limits: opt.Limits})
	if err != nil {
		ps.AddErr(name, "", err)
		return nil
	}
	defer t.Close()
	if !t.Has(colUsedAvailable) && !t.Has(colRemaining) {
		ps.Add(problem.Problem{File: name, Sheet: t.Sheet, Message: fmt.Sprintf(
			"no activation count column: expected %q (VLSC) or %q (VAMT); the header row has: %s",
			Schema[colUsedAvailable].Name, Schema[colRemaining].Name, strings.Join(t.Headers, ", "))})
		return nil
	}
	var out []planner.Key
	// Rows that hold no key are held back: in the middle of the table they
	// are errors, but after the last key they are the export's footer
	// ("Total keys: 4", "Exported from …"), skipped with a warning.
	var held []heldRow
	for t.Next() {
		row := t.Row()
		src := problem.Source{File: name, Sheet: t.Sheet, Row: row.Num}
		if !looksLikeKey(t.Cell(colKey)) {
			// A key written among other text ("key: … (old)") is no
			// footer: a key would be lost (docs/robustness.md).
			if c := keyInText(row.Cells); c >= 0 {
				col := strings.TrimSpace(t.Headers[min(c, len(t.Headers)-1)])
				if c >= len(t.Headers) || col == "" {
					col = fmt.Sprintf("column %d", c+1)
				}
				ps.Add(src.At(col, "the cell holds a product key among other text (%s): write the key alone in the %s column, and anything else in another column",
					redact.Quote(strings.TrimSpace(row.Cells[c])), t.HeaderOf(colKey)))
				continue
			}
			held = append(held, heldRow{src, quote(row.Cells)})
			continue
		}
		for _, h := range held {
			ps.Add(h.src.At(t.HeaderOf(colKey), "expected a product key in this row of the key table; the row has: %s", h.text))
		}
		held = held[:0]
		k, ok := keyFromRow(t, src, opt, ps)
		if ok {
			out = append(out, k)
		}
	}
	if err := t.Err(); err != nil {
		ps.AddErr(name, t.Sheet, err)
	}
	var merged []string
	n, firstRow := 0, 0
	for _, m := range t.Merges() {
		if m.LastRow > t.HeaderRow && (m.LastRow > m.FirstRow || m.LastColumn > m.FirstColumn) {
			if n == 0 {
				firstRow = max(m.FirstRow, t.HeaderRow+1)
			}
			n++
			if len(merged) < 10 {
				merged = append(merged, m.Ref)
			}
		}
	}
	if n > 0 {
		refs := strings.Join(merged, ", ")
		if n > len(merged) {
			refs += fmt.Sprintf(" and %d more ranges", n-len(merged))
		}
		ps.Add(problem.Problem{File: name, Sheet: t.Sheet, Row: firstRow, Message: fmt.Sprintf(
			"cells %s are merged: Excel keeps the value in the first cell only, so the rows below it lose their key, product or counts; unmerge them and fill each cell", refs)})
	}
	if len(held) > 0 {
		var rows []string
		for _, h := range held {
			rows = append(rows, fmt.Sprintf("row %d: %s", h.src.Row, h.text))
		}
		ps.Warn(problem.Problem{File: name, Sheet: t.Sheet, Row: held[0].src.Row, Message: fmt.Sprintf(
			"skipped %s after the last key, which hold no key (an export's footer): %s", wording.Plural(len(held), "row", "rows"), strings.Join(rows, "; "))})
	}
	return out
}

// keyInText returns the index of the first cell that holds a product key
// among other text, -1 when none does.
func keyInText(cells []string) int {
	for i, c := range cells {
		if redact.ContainsKey(c) {
			return i
		}
	}
	return -1
}

// heldRow is a row without a key, quoted for the message about it.
type heldRow struct {
	src  problem.Source
	text string
}

// looksLikeKey reports whether a cell is an attempt at a product key: about
// 25 letters and digits in a short cell, with dashes or whatever else. A
// malformed attempt is still a key (and an error); a blank cell or a
// sentence is not.
func looksLikeKey(s string) bool {
	s = strings.TrimSpace(s)
	if len(s) > 36 {
		return false
	}
	n := 0
	for _, r := range s {
		if r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' {
			n++
		}
	}
	return n >= 20 && n <= 30
}

// maskAttempt hides a malformed key as a whole key is hidden: every letter
// and digit but those of the last five characters becomes X. A key with
// one wrong character is still nearly all of a key.
func maskAttempt(s string) string {
	rs := []rune(strings.TrimSpace(s))
	for i := 0; i < len(rs)-5; i++ {
		if r := rs[i]; r < 128 && (r >= '0' && r <= '9' || r|0x20 >= 'a' && r|0x20 <= 'z') {
			rs[i] = 'X'
		}
	}
	return string(rs)
}

// quote shows a row's cells for a message, keys masked.
func quote(cells []string) string {
	var parts []string
	for _, c := range cells {
		if c = strings.TrimSpace(c); c != "" {
			if looksLikeKey(c) {
				c = maskAttempt(c)
			}
			parts = append(parts, strconv.Quote(redact.MaskKeys(c)))
		}
	}
	if len(parts) == 0 {
		return "nothing"
	}
	return strings.Join(parts, ", ")
}

func keyFromRow(t *sheet.Table, src problem.Source, opt Options, ps *problem.Problems) (planner.Key, bool) {
	col := func(id int) string { return t.HeaderOf(id) }
	pk, err := planner.ParseProductKey(t.Cell(colKey))
	if err != nil {
		ps.Add(src.At(col(colKey), "%v", err))
		return planner.Key{}, false
	}
	// The key's snapshot date is set here only when the export states it
	// (a Last Update column); the pipeline dates the others
	// (docs/history.md, "Dating an export").
	k := planner.Key{Key: pk, Sources: []problem.Source{src}, Organization: redact.OneLine(t.Cell(colOrganization))}
	k.Type = ParseKeyType(t.Cell(colType), t.Has(colType))
	for _, id := range []int{colProduct, colUsedAvailable, colRemaining, colLimit, colUpdated} {
		if v := t.Cell(id); isTypeName(v) {
			ps.Add(src.At(col(id), "the cell holds %s, the name of a .NET type: PowerShell's Export-Csv wrote the property's type, not its values; export again with the property expanded, e.g. Get-VamtProductKey | Select-Object ProductKey, KeyType, RemainingActivationCount, @{n='SupportedEditions';e={$_.SupportedEditions -join ';'}} | Export-Csv -NoTypeInformation", redact.Quote(v)))
			return planner.Key{}, false
		}
	}
	if s := t.Cell(colUpdated); s != "" {
		d, err := parseStamp(s, opt.DateOrder)
		if err != nil {
			ps.Add(src.At(col(colUpdated), "%v (the day VAMT last refreshed the counts)", err))
			return planner.Key{}, false
		}
		k.AsOf, k.DatedBy = d, planner.DatedInFile
	}
	licenseID := redact.OneLine(t.Cell(colLicenseID))
	if product, ok := planner.ProductOfActivationID(t.Cell(colSku)); ok {
		k.Products = append(k.Products, keyProduct(product))
	}
	for _, name := range splitProducts(t.Cell(colProduct)) {
		kp := keyProduct(name)
		kp.VLSC = licenseID != ""
		k.Products = append(k.Products, kp)
	}
	classifyESU(&k, src, ps)
	for _, id := range []int{colParentProgram, colLicenseID} {
		if a := redact.OneLine(t.Cell(id)); a != "" {
			k.Agreements = append(k.Agreements, a)
		}
	}
	if licenseID != "" {
		k.LicenseIDs = []string{licenseID}
	}
	ok := true
	switch {
	case t.Cell(colUsedAvailable) != "":
		used, avail, err := ParseUsedAvailable(t.Cell(colUsedAvailable))
		if err != nil {
			ps.Add(src.At(col(colUsedAvailable), "%v", err))
			ok = false
		}
		k.Used, k.Limit, k.Remaining = &used, &avail, max(0, avail-used)
		if a, b, _ := splitUsedAvailable(t.Cell(colUsedAvailable)); ok && (ambiguousCount(a) || ambiguousCount(b)) {
			ps.Warn(src.At(col(colUsedAvailable), "key %s: %s read as %d used of %d, the dot or comma taken as a thousands separator; if the export writes decimals (1.000 = 1), correct the counts", pk, redact.Quote(strings.TrimSpace(t.Cell(colUsedAvailable))), used, avail))
		}
		if ok && used > avail {
			ps.Warn(src.At(col(colUsedAvailable), "key %s shows %d activations used of %d: more than its limit; taken as 0 remaining", pk, used, avail))
		}
	case t.Cell(colRemaining) != "":
		n, err := ParseCount(t.Cell(colRemaining))
		if err != nil {
			ps.Add(src.At(col(colRemaining), "%v", err))
			ok = false
		}
		k.Remaining = n
		for _, id := range []int{colRemaining, colLimit} {
			if v := t.Cell(id); err == nil && ambiguousCount(v) {
				ps.Warn(src.At(col(id), "key %s: %s read as %s, the dot or comma taken as a thousands separator; if the export writes decimals (1.000 = 1), correct the count", pk, redact.Quote(strings.TrimSpace(v)), strings.NewReplacer(".", "", ",", "").Replace(strings.TrimSpace(v))))
			}
		}
		if s := t.Cell(colLimit); s != "" {
			if l, err := ParseCount(s); err == nil {
				k.Limit = &l
				if u := l - n; u >= 0 {
					k.Used = &u
				}
			} else {
				ps.Add(src.At(col(colLimit), "%v", err))
			}
		}
	case k.IsMAK():
		ps.Add(src.At(col(colUsedAvailable)+col(colRemaining), "a MAK needs its activation count (used/available such as 47/63, or a remaining count)"))
		ok = false
	}
	return k, ok
}

// ParseKeyType maps VLSC's Type and VAMT's KeyType (Mak, MakProxy, KmsHost,
// Csvlk …) to a KeyType. Without a type column a row is taken as a MAK: only
// MAK exports carry activation counts.
func ParseKeyType(s string, haveColumn bool) planner.KeyType {
	t := strings.ToLower(strings.Join(strings.Fields(s), ""))
	switch {
	case t == "" && !haveColumn:
		return planner.KeyMAK
	case strings.HasPrefix(t, "mak") || t == "multipleactivationkey" || t == "volume:mak":
		return planner.KeyMAK
	case strings.HasPrefix(t, "kms") || t == "csvlk" || t == "volume:csvlk" || t == "gvlk":
		return planner.KeyKMS
	case t == "vlkey" || t == "vlk" || t == "vl":
		return planner.KeyVL
	}
	return planner.KeyOther
}

// ParseUsedAvailable reads VLSC's "used/available" cell (" 47/63") and the
// Microsoft 365 admin center's "47 of 63" (used out of the total).
func ParseUsedAvailable(s string) (used, available int, err error) {
	a, b, ok := splitUsedAvailable(s)
	if !ok {
		return 0, 0, fmt.Errorf("expected used/available activations such as 47/63, got %s", redact.Quote(strings.TrimSpace(s)))
	}
	used, e1 := ParseCount(a)
	available, e2 := ParseCount(b)
	if e1 != nil {
		return 0, 0, fmt.Errorf("expected used/available activations such as 47/63, got %s: the used count: %v", redact.Quote(strings.TrimSpace(s)), e1)
	}
	if e2 != nil {
		return 0, 0, fmt.Errorf("expected used/available activations such as 47/63, got %s: the available count: %v", redact.Quote(strings.TrimSpace(s)), e2)
	}
	return used, available, nil
}

// splitUsedAvailable splits "47/63", "47 of 63" or "47 out of 63" into its
// two counts.
func splitUsedAvailable(s string) (used, available string, ok bool) {
	t := strings.TrimSpace(s)
	if a, b, ok := strings.Cut(t, "/"); ok {
		return a, b, true
	}
	for _, sep := range []string{" out of ", " of "} {
		if a, b, ok := strings.Cut(strings.ToLower(t), sep); ok {
			return a, b, true
		}
	}
	return "", "", false
}

// ambiguousCount reports a count such as "1.000" or "2,000": digits, one
// separator and three zeros, which reads as a thousand (a thousands
// separator) or as one (a decimal part of zeros). ParseCount takes the
// first; the reader warns.
func ambiguousCount(s string) bool {
	t := strings.TrimSpace(s)
	i := strings.IndexAny(t, ".,")
	return i >= 1 && i <= 3 && t[i+1:] == "000" && strings.Trim(t[:i], "0123456789") == ""
}

// MaxCount is the largest activation count makplan believes: MAK limits are
// in the thousands; a count beyond this is a broken cell, and taking it
// would overflow the sums of a pool.
const MaxCount = 100_000_000

// ParseCount reads a whole number of activations as exports write it:
// "47", " 1,234", "1.234" (a thousands separator before three digits),
// "47.0" or "25,00" (a decimal part of zeros, from a spreadsheet's number
// format), with no-break spaces. A real fraction ("25,5"), a negative or a
// count over MaxCount is an error, never a guess.
func ParseCount(s string) (int, error) {
	t := strings.NewReplacer(" ", "", "\u00a0", "", "\u202f", "").Replace(strings.TrimSpace(s))
	if t == "" {
		return 0, fmt.Errorf("expected a whole number of activations, got nothing")
	}
	// Split off a decimal part: a separator followed by anything but three digits.
	digits, frac := t, ""
	if i := strings.LastIndexAny(t, ".,"); i >= 0 && len(t)-i-1 != 3 {
		digits, frac = t[:i], t[i+1:]
	}
	for _, c := range frac {
		if c != '0' {
			return 0, fmt.Errorf("expected a whole number of activations, got %s", redact.Quote(strings.TrimSpace(s)))
		}
	}
	// What remains may group its digits by three with one kind of separator.
	sep := byte(0)
	groups := strings.FieldsFunc(digits, func(r rune) bool {
		if r == '.' || r == ',' {
			if sep == 0 {
				sep = byte(r)
			}
			return true
		}
		return false
	})
	if strings.Count(digits, ".") > 0 && strings.Count(digits, ",") > 0 {
		return 0, fmt.Errorf("expected a whole number of activations, got %s", redact.Quote(strings.TrimSpace(s)))
	}
	for i, g := range groups {
		if strings.HasPrefix(t, "-") {
			break // said below
		}
		if g == "" || i > 0 && len(g) != 3 || i == 0 && len(g) > 3 && len(groups) > 1 || strings.Trim(g, "0123456789") != "" {
			return 0, fmt.Errorf("expected a whole number of activations, got %s", redact.Quote(strings.TrimSpace(s)))
		}
	}
	n, err := strconv.Atoi(strings.Join(groups, ""))
	switch {
	case strings.HasPrefix(t, "-"):
		return 0, fmt.Errorf("expected a count of 0 or more activations, got %s", redact.Quote(strings.TrimSpace(s)))
	case err != nil || len(groups) == 0:
		if errors.Is(err, strconv.ErrRange) {
			return 0, fmt.Errorf("%s is more activations than any key has (at most %d)", redact.Quote(strings.TrimSpace(s)), MaxCount)
		}
		return 0, fmt.Errorf("expected a whole number of activations, got %s", redact.Quote(strings.TrimSpace(s)))
	case n > MaxCount:
		return 0, fmt.Errorf("%s is more activations than any key has (at most %d)", redact.Quote(strings.TrimSpace(s)), MaxCount)
	}
	return n, nil
}

// isTypeName reports whether a cell holds a .NET type name, which
// PowerShell's Export-Csv writes for a property that is a collection
// (System.Collections.Generic.List`1[System.String]).
func isTypeName(s string) bool {
	return strings.HasPrefix(s, "System.") && (strings.Contains(s, "`") || strings.Contains(s, "[")) && !strings.Contains(s, " ")
}

// parseStamp reads a date with or without a time of day, as VAMT and
// PowerShell write them: 2026-11-20T10:15:03, 11/20/2026 10:15:03 AM.
func parseStamp(s string, order cells.DateOrder) (planner.Date, error) {
	t := strings.TrimSpace(s)
	if i := strings.IndexByte(t, 'T'); i == 10 {
		t = t[:i]
	}
	if day, clock, ok := strings.Cut(t, " "); ok && strings.Contains(clock, ":") {
		t = day
	}
	return cells.ParseDateIn(t, false, order)
}

// classifyESU marks a key for Windows 10 Extended Security Updates as such
// (docs/rules.md, "Windows 10 Extended Security Updates"): it activates
// the updates, not an image, so it is never a pool of reimages; its
// products become the ESU years its name gives ("Year 2"). A name that
// gives no year leaves the years to keys.esu_years; a year the program
// does not have is a problem.
func classifyESU(k *planner.Key, src problem.Source, ps *problem.Problems) {
	for i, p := range k.Products {
		years, esu, err := planner.ParseESUName(p.Name)
		if !esu {
			continue
		}
		k.Type = planner.KeyESU
		if err != nil {
			ps.Add(src.At("", "key %s: %v; write the year the key activates (or give it in keys.esu_years: {%s: [2]})", k.Key, err, k.Key.Last5()))
			continue
		}
		k.Products[i].Covers = nil
		for _, n := range years.Years() {
			k.Products[i].Covers = append(k.Products[i].Covers, planner.ESUProduct(n))
		}
	}
}

// keyProduct reads a key's product name (planner.NewKeyProduct); names
// not in the catalogue are reported once per name after the keys are merged
// (planner.CheckKeyProducts).
// A pkeyconfig description (VAMT's Key Description, "Win 10 RTM Enterprise
// Volume:MAK") is read for the product it names, under its own name.
func keyProduct(name string) planner.KeyProduct {
	kp, err := planner.NewKeyProduct(name)
	if err != nil {
		if named, _, ok := planner.KeyDescriptionName(name); ok && named != name {
			if byDesc, err := planner.NewKeyProduct(named); err == nil {
				byDesc.Name = kp.Name
				return byDesc
			}
		}
	}
	return kp
}

// splitProducts splits a cell that lists several products: VAMT's
// SupportedEditions or Supported Products, as PowerShell joins them (";",
// "," or a line break); VLSC has one product per row. A part with commas is
// split on them only when it is no product as a whole and every piece is
// one: "Office 16, Office16ProPlusVL_MAK edition" is one product.
func splitProducts(s string) []string {
	if s == "" {
		return nil
	}
	parts := strings.FieldsFunc(s, func(r rune) bool { return r == ';' || r == '\n' || r == '|' })
	var out []string
	for _, p := range parts {
		if p = strings.TrimSpace(p); p == "" {
			continue
		}
		if strings.Contains(p, ",") {
			if pieces, ok := commaList(p); ok {
				out = append(out, pieces...)
				continue
			}
		}
		out = append(out, p)
	}
	return out
}

// commaList splits a comma-separated list of products, when p is one.
func commaList(p string) ([]string, bool) {
	if _, err := planner.LookupProducts(p); err == nil {
		return nil, false
	}
	var pieces []string
	for _, q := range strings.Split(p, ",") {
		if q = strings.TrimSpace(q); q == "" {
			continue
		}
		if _, err := planner.LookupProducts(q); err != nil {
			return nil, false
		}
		pieces = append(pieces, q)
	}
	return pieces, len(pieces) > 1
}
