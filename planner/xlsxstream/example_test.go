package xlsxstream_test

import (
	"bytes"
	"fmt"
	"os"

	"github.com/makplan/makplan/planner/xlsxstream"
	"github.com/xuri/excelize/v2"
)

func Example() {
	// A workbook as Excel would write it (here with excelize).
	f := excelize.NewFile()
	f.SetSheetRow("Sheet1", "A1", &[]any{"Device", "Seats", "Licensed"})
	f.SetSheetRow("Sheet1", "A2", &[]any{"PC-0001", 25, true})
	f.SetSheetRow("Sheet1", "A4", &[]any{"PC-0003", nil, false})
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		fmt.Println(err)
		return
	}

	wb, err := xlsxstream.Open(bytes.NewReader(buf.Bytes()), int64(buf.Len()), xlsxstream.Limits{})
	if err != nil {
		fmt.Fprintln(os.Stderr, err) // e.g. ErrEncryptedOrLegacy
		return
	}
	rows, err := wb.Rows(wb.Sheets()[0])
	if err != nil {
		fmt.Println(err)
		return
	}
	defer rows.Close()
	for rows.Next() {
		fmt.Println(rows.Num(), rows.Cells())
	}
	if err := rows.Err(); err != nil {
		fmt.Println(err) // a *FormatError or *LimitError with the row and column
	}
	// Output:
	// 1 [Device Seats Licensed]
	// 2 [PC-0001 25 1]
	// 4 [PC-0003  0]
}
