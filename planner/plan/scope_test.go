package plan

import (
	"strings"
	"testing"

	"github.com/makplan/makplan/planner"
)

// TestFreeComponentsNameNoProduct: the words that leave a software row out
// of scope (runtimes, the browser, Click-to-Run helpers) are in no product
// of the catalogue, so no licensed product is ever left out by them.
func TestFreeComponentsNameNoProduct(t *testing.T) {
	for _, p := range planner.Catalogue() {
		for _, c := range freeComponents {
			if strings.Contains(strings.ToLower(p.Name), c) {
				t.Errorf("catalogue product %q holds %q", p.Name, c)
			}
		}
	}
}
