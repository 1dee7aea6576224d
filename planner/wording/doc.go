// Package wording writes numbers and sizes for people (1,048,576; "2
// devices"; "1.5 MiB") and finds the known word a typo was meant to be (a
// header, a setting, a program name). Machine output (JSON, alert lines,
// performance data) never goes through it.
package wording
