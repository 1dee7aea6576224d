package keys

import (
	"bytes"
	"testing"

	"github.com/makplan/makplan/planner"
)

// FuzzRead feeds arbitrary bytes to the key reader, as CSV and as .cilx: it
// may report problems but must never panic.
func FuzzRead(f *testing.F) {
	f.Add([]byte("License ID,Parent Program,Product,Product Key,Type,MAK Activations-Used/Available\n1,2,Windows 10/11 Enterprise,7XN4B-JKC2Q-TYG8M-W3RPD-VF68T,MAK, 47/63\n"), false)
	f.Add([]byte(`<?xml version="1.0"?><SoftwareLicensingData><ProductKeys><ProductKey KeyValue="7XN4B-JKC2Q-TYG8M-W3RPD-VF68T" KeyType="Mak" RemainingActivationCount="x"/></ProductKeys></SoftwareLicensingData>`), true)
	f.Add([]byte(`<SoftwareLicensingData><a><b><c/></b></a>`), true)
	f.Fuzz(func(t *testing.T, data []byte, xml bool) {
		name := "keys.csv"
		if xml {
			name = "keys.cilx"
		}
		var ps planner.Problems
		ks := Read(name, bytes.NewReader(data), Options{}, &ps)
		planner.MergeKeys(ks, &ps)
		for _, k := range ks {
			if k.Key.IsZero() || k.Remaining < 0 {
				t.Fatalf("bad key record: %#v", k)
			}
		}
	})
}
