package workbook

import "testing"

func TestSafe(t *testing.T) {
	for in, want := range map[string]string{
		"=1+1": "'=1+1", "+1": "'+1", "-1": "'-1", "@SUM(A1)": "'@SUM(A1)", "\tx": "'\tx", "\rx": "'\rx", "\nx": "'\nx",
		"NW-LT-0101": "NW-LT-0101", "": "", "Windows 10 Pro": "Windows 10 Pro", "a=b": "a=b",
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
