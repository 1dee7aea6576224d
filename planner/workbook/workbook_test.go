package workbook

import "testing"

func TestSafe(t *testing.T) {
	for in, want := range map[string]string{
		"=1+1": "'=1+1", "+1": "'+1", "-1": "'-1", "@SUM(A1)": "'@SUM(A1)", "\tx": "'\tx", "\rx": `\x0dx`, "\nx": "'\nx",
		// Issue 10, case 14: control and bidirectional characters are shown
		// escaped, not dropped (excelize wrote U+FFFD) or acting on the cell.
		"PC\x01\x1b[31m-1": `PC\x01\x1b[31m-1`, "W1\u202e evil": `W1\u202e evil`,
		"key 7XN4B-JKC2Q-TYG8M-W3RPD-VF68T": "key XXXXX-XXXXX-XXXXX-XXXXX-VF68T",
		"NW-LT-0101":                        "NW-LT-0101", "": "", "Windows 10 Pro": "Windows 10 Pro", "a=b": "a=b",
	} {
		if got := Safe(in); got != want {
			t.Errorf("Safe(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestSortDefaults(t *testing.T) {
	in := `<Types><Default Extension="png" ContentType="image/png"></Default><Override PartName="/x"/><Default Extension="bmp" ContentType="image/bmp"></Default></Types>`
	want := `<Types><Default Extension="bmp" ContentType="image/bmp"></Default><Override PartName="/x"/><Default Extension="png" ContentType="image/png"></Default></Types>`
	if got := string(sortDefaults([]byte(in))); got != want {
		t.Errorf("got %s", got)
	}
}
