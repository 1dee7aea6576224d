package main

import (
	"encoding/base64"
	"fmt"
)

func fmtSscan(s string, v any) (int, error) { return fmt.Sscan(s, v) }

func base64Decode(dst, src []byte) (int, error) { return base64.StdEncoding.Decode(dst, src) }
