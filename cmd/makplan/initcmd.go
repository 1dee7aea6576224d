package main

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	makplan "github.com/makplan/makplan"
	"github.com/makplan/makplan/planner/atomicfile"
	"github.com/spf13/cobra"
)

func newInitCmd(a *app) *cobra.Command {
	var force bool
	cmd := &cobra.Command{
		Use:   "init [DIR]",
		Short: "Write a starter configuration and sample inputs into DIR (default: the current folder)",
		Args:  cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			dir := "."
			if len(args) == 1 {
				dir = args[0]
			}
			return writeStarter(a, dir, force)
		},
	}
	cmd.Flags().BoolVar(&force, "force", false, "overwrite files that already exist")
	return cmd
}

// writeStarter writes makplan.yaml and samples/ into dir, refusing to
// overwrite existing files unless force is set.
func writeStarter(a *app, dir string, force bool) error {
	files := map[string][]byte{"makplan.yaml": makplan.ExampleConfig()}
	sfs := makplan.Samples()
	err := fs.WalkDir(sfs, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(sfs, p)
		files[filepath.Join("samples", p)] = b
		return err
	})
	if err != nil {
		return err
	}
	if !force {
		for name := range files {
			if _, err := os.Stat(filepath.Join(dir, name)); err == nil {
				return usagef("%s already exists; use --force to overwrite", filepath.Join(dir, name))
			}
		}
	}
	for name, b := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		if err := atomicfile.Write(p, b); err != nil {
			return err
		}
	}
	fmt.Fprintf(a.stderr, "wrote %s/makplan.yaml and %s/samples/; try: makplan plan --config %s/makplan.yaml\n", dir, dir, dir)
	return nil
}
