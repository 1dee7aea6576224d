package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/makplan/makplan/planner"
	"github.com/spf13/cobra"
)

// productJSON is one element of `makplan products --json`.
type productJSON struct {
	Name         string   `json:"name"`
	Family       string   `json:"family"`
	Version      string   `json:"version"`
	Edition      string   `json:"edition"`
	Release      string   `json:"release,omitempty"`
	N            string   `json:"n,omitempty"`
	Subscription bool     `json:"subscription"`
	Volume       bool     `json:"commercial_licensing"`
	Available    string   `json:"available,omitempty"`
	SupportEnds  string   `json:"support_ends,omitempty"`
	Spellings    []string `json:"spellings"`
}

func newProductsCmd(a *app) *cobra.Command {
	var asJSON bool
	var family string
	cmd := &cobra.Command{
		Use:   "products [--family windows|server|office] [--json]",
		Short: "List every product makplan knows, with the spellings it accepts",
		Long: `products lists makplan's product catalogue: every product a plan or a key export
may name, with its Microsoft display name and the other spellings makplan reads
(MECM captions, slmgr and WMI edition IDs with an OS Version column, firmware
key descriptions for the Qualifying OS column, Office license names, VLSC
abbreviations), the day each version was made available (Microsoft's lifecycle
start date, which decides what Software Assurance covers) and the end of its
support. Case, spacing, "Microsoft", "(R)" and the word order do not
matter; "Win" is Windows, "Professional" is Pro. A name that is not here is an
input problem, never a guess.`,
		Example: `  makplan products
  makplan products --family windows | grep -i ltsc
  makplan products --json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			want := map[string]planner.Family{"": "", "windows": planner.FamilyWindows, "server": planner.FamilyServer, "office": planner.FamilyOffice}
			fam, ok := want[strings.ToLower(family)]
			if !ok {
				return usagef("--family must be windows, server or office, not %q", family)
			}
			var list []*planner.Product
			for _, p := range planner.Catalogue() {
				if fam == "" || p.Family == fam {
					list = append(list, p)
				}
			}
			planner.SortProducts(list)
			if asJSON {
				out := make([]productJSON, 0, len(list))
				for _, p := range list {
					out = append(out, productJSON{Name: p.Name, Family: string(p.Family), Version: p.Version, Edition: p.Edition, Release: p.Release,
						N: p.N, Subscription: p.Subscription, Volume: p.Volume, Available: p.Available.String(), SupportEnds: p.SupportEnds.String(), Spellings: spellings(p)})
				}
				return writeJSON(a.stdout, map[string]any{"products": out})
			}
			return writeProducts(a.stdout, list)
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the catalogue as one JSON document")
	cmd.Flags().StringVar(&family, "family", "", "only windows, server or office products")
	return cmd
}

// firmwareKeys are the Windows versions whose OEM PCs carry their key in
// the firmware (OA3), from Windows 8 on.
var firmwareKeys = map[string]bool{"8": true, "8.1": true, "10": true, "11": true}

// spellings are the accepted names of p besides its display name, and the
// forms that inventories write it in.
func spellings(p *planner.Product) []string {
	out := []string{}
	switch p.Family {
	case planner.FamilyWindows, planner.FamilyServer:
		out = append(out, "Microsoft "+p.Name)
		if p.EditionID != "" {
			out = append(out, fmt.Sprintf("Windows(R), %s edition (with the OS Version column)", p.EditionID))
			if p.Family == planner.FamilyWindows && p.Release == "" && firmwareKeys[p.Version] {
				out = append(out, fmt.Sprintf("[4.0] %s OEM:DM (Qualifying OS column)", p.EditionID))
			}
		}
	case planner.FamilyOffice:
		if p.OSPP != "" {
			kind := "R_Retail"
			if p.Volume {
				kind = "VL_MAK"
			}
			year := ""
			if p.Version >= "2019" {
				year = p.Version
			}
			out = append(out, fmt.Sprintf("%s%s%s", p.OSPP, year, kind))
		}
	}
	return append(out, planner.Spellings(p)...)
}

func writeProducts(w io.Writer, list []*planner.Product) error {
	var fam planner.Family
	for _, p := range list {
		if p.Family != fam {
			fam = p.Family
			fmt.Fprintf(w, "\n%s\n", map[planner.Family]string{planner.FamilyWindows: "Windows desktop", planner.FamilyServer: "Windows Server",
				planner.FamilyOffice: "Office, Visio and Project"}[fam])
		}
		var tags []string
		if !p.Volume {
			tags = append(tags, "not sold through Commercial Licensing")
		}
		if p.Subscription {
			tags = append(tags, "subscription")
		}
		if !p.Available.IsZero() {
			tags = append(tags, "made available "+p.Available.String())
		}
		if !p.SupportEnds.IsZero() {
			tags = append(tags, "support ends "+p.SupportEnds.String())
		}
		line := "  " + p.Name
		if len(tags) > 0 {
			line += "  [" + strings.Join(tags, "; ") + "]"
		}
		fmt.Fprintln(w, line)
		if s := spellings(p); len(s) > 0 {
			fmt.Fprintf(w, "      also: %s\n", strings.Join(s, " | "))
		}
	}
	fmt.Fprintln(w, "\nKey exports may name several products at once: \"Windows 10/11 Enterprise\", \"Windows Srv 2019 DataCtr/Std\".")
	return nil
}
