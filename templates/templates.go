// Package templates holds the built-in templates of the makadd request email:
// subject.tmpl and body.txt.tmpl (text/template) and body.html.tmpl
// (html/template). A folder named by email.templates in the configuration
// overrides any of them by file name.
package templates

import (
	"embed"
	"io/fs"
)

//go:embed *.tmpl
var builtin embed.FS

// Names are the template files, each of which a folder may override.
var Names = []string{"subject.tmpl", "body.txt.tmpl", "body.html.tmpl"}

// FS returns the built-in templates.
func FS() fs.FS { return builtin }

// Overlay returns the built-in templates with those in dir (when it has a
// file of the same name) taking precedence.
func Overlay(dir fs.FS) fs.FS { return overlay{top: dir, base: builtin} }

type overlay struct{ top, base fs.FS }

func (o overlay) Open(name string) (fs.File, error) {
	if f, err := o.top.Open(name); err == nil {
		return f, nil
	}
	return o.base.Open(name)
}
