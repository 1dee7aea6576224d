// Command excelizerows reads every cell of a workbook's first sheet with
// excelize's Rows iterator, as makplan did before it had its own reader,
// and prints the rows and cells it saw: the yardstick scripts/bench-cli.sh
// times makplan against.
package main

import (
	"fmt"
	"log"
	"os"

	"github.com/xuri/excelize/v2"
)

func main() {
	if len(os.Args) != 2 {
		log.Fatal("usage: excelizerows FILE.xlsx")
	}
	f, err := excelize.OpenFile(os.Args[1])
	if err != nil {
		log.Fatal(err)
	}
	defer f.Close()
	rows, err := f.Rows(f.GetSheetList()[0])
	if err != nil {
		log.Fatal(err)
	}
	n, cells := 0, 0
	for rows.Next() {
		c, err := rows.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			log.Fatal(err)
		}
		n++
		cells += len(c)
	}
	if err := rows.Close(); err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%d rows, %d cells\n", n, cells)
}
