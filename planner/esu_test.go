package planner

import "testing"

// TestParseESU: the ESU column's values, and what is refused with the
// accepted values named (issue 26, bad input).
func TestParseESU(t *testing.T) {
	for in, want := range map[string]ESU{
		"": {}, "Yes": {State: ESUYes}, "no": {State: ESUNo}, " Cloud ": {State: ESUCloud},
		"1": {State: ESUYes, Activated: ESUSet(0).With(1)}, "1, 2": {State: ESUYes, Activated: ESUSet(0).With(1).With(2)},
		"Year 2;Year 3": {State: ESUYes, Activated: ESUSet(0).With(2).With(3)},
	} {
		if got, err := ParseESU(in); err != nil || got != want {
			t.Errorf("ParseESU(%q) = %+v, %v; want %+v", in, got, err, want)
		}
		// String writes the cell back so that it reads the same.
		if back, err := ParseESU(want.String()); err != nil || back != want {
			t.Errorf("ParseESU(%q) = %+v, %v; want %+v (String of ParseESU(%q))", want.String(), back, err, want, in)
		}
	}
	for _, in := range []string{"2,1", "1,1", "4", "0", "cloud, 1", "maybe", "1.5"} {
		if got, err := ParseESU(in); err == nil {
			t.Errorf("ParseESU(%q) = %+v, want an error", in, got)
		}
	}
}

// TestParseESUName: the names ESU keys go by in exports, their years, and a
// year the program does not have.
func TestParseESUName(t *testing.T) {
	for in, want := range map[string][]int{
		"Windows 10 Extended Security Updates Year 2": {2},
		"Windows 10 ESU Year 1":                       {1},
		"Win10 ESU Y3":                                {3},
		"Windows 10 ESU Years 2 and 3":                {2, 3},
		"Windows 10 ESU Years 1-3":                    {1, 2, 3},
		"Windows 10 ESU Year 1 to 2":                  {1, 2},
		"Windows 10 ESU":                              {},
		"Windows 10 Extended Security Update":         {},
	} {
		years, esu, err := ParseESUName(in)
		got := years.Years()
		if !esu || err != nil || len(got) != len(want) {
			t.Errorf("ParseESUName(%q) = %v, %v, %v; want %v", in, got, esu, err, want)
			continue
		}
		for i := range want {
			if got[i] != want[i] {
				t.Errorf("ParseESUName(%q) = %v, want %v", in, got, want)
			}
		}
	}
	if _, esu, _ := ParseESUName("Windows 10/11 Enterprise"); esu {
		t.Error("an OS key taken for ESU")
	}
	if _, _, err := ParseESUName("Windows 10 ESU Year 4"); err == nil {
		t.Error("Year 4 accepted")
	}
}
