package main

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	makplan "github.com/makplan/makplan"
	"github.com/makplan/makplan/planner/atomicfile"
	"github.com/makplan/makplan/planner/plantemplate"
	"github.com/spf13/cobra"
)

func newInitCmd(a *app) *cobra.Command {
	var force, template bool
	cmd := &cobra.Command{
		Use:   "init [DIR]",
		Short: "Write a starter configuration and sample inputs, or a plan template, into DIR (default: the current folder)",
		Long: `init writes a starter makplan.yaml (every setting, commented; it judges as of the
day of each run) and the sample inputs into DIR. With --template it writes
plan-template.xlsx instead: a sheet with every plan column, a note on each
header saying what goes there, and drop-down lists for the values makplan reads
(channels, media, yes/no, activation, status, and every product of the catalogue).`,
		Example: `  makplan init
  makplan init /srv/makplan
  makplan init --template .`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			dir := "."
			if len(args) == 1 {
				dir = args[0]
			}
			if template {
				return writeTemplate(a, dir, force)
			}
			return writeStarter(a, dir, force)
		},
	}
	cmd.Flags().BoolVar(&force, "force", false, "overwrite files that already exist")
	cmd.Flags().BoolVar(&template, "template", false, "write plan-template.xlsx, a plan to fill in by hand")
	return cmd
}

// writeTemplate writes plan-template.xlsx into dir.
func writeTemplate(a *app, dir string, force bool) error {
	p := filepath.Join(dir, "plan-template.xlsx")
	if _, err := os.Stat(p); err == nil && !force {
		return usagef("%s already exists; use --force to overwrite", p)
	}
	var buf bytes.Buffer
	if err := plantemplate.WriteTemplate(&buf); err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	if err := atomicfile.Write(p, buf.Bytes()); err != nil {
		return err
	}
	fmt.Fprintf(a.stderr, "wrote %s: one row per device; docs/plan-columns.md describes every column\n", p)
	return nil
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
	// A samples folder (or a file) that is a link would be written through,
	// into wherever it points: refused, even with --force.
	for _, name := range []string{"samples", "makplan.yaml"} {
		if st, err := os.Lstat(filepath.Join(dir, name)); err == nil && st.Mode()&fs.ModeSymlink != 0 {
			return usagef("%s is a symbolic link: init writes only into folders and files of its own; remove the link", filepath.Join(dir, name))
		}
	}
	for name := range files {
		st, err := os.Lstat(filepath.Join(dir, name))
		switch {
		case err != nil:
		case !st.Mode().IsRegular():
			return usagef("%s exists and is not a regular file (a link, a folder): init does not write through it; remove it", filepath.Join(dir, name))
		case !force:
			return usagef("%s already exists; use --force to overwrite", filepath.Join(dir, name))
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
