// Package makplan embeds the files that `makplan init` writes: the example
// configuration and the sample inputs. The tool itself is in cmd/makplan and
// planner/.
package makplan

import (
	"embed"
	"io/fs"
)

//go:embed config.example.yaml
var exampleConfig []byte

//go:embed samples/vlsc-keys-2026-11-27.csv samples/vamt-keys.cilx samples/plan.xlsx samples/README.md
var sampleFiles embed.FS

// ExampleConfig returns config.example.yaml.
func ExampleConfig() []byte { return append([]byte(nil), exampleConfig...) }

// Samples returns the sample inputs, rooted at samples/.
func Samples() fs.FS {
	sub, err := fs.Sub(sampleFiles, "samples")
	if err != nil {
		panic(err) // the embedded tree is fixed at build time
	}
	return sub
}
