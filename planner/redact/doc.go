// Package redact is the one choke point that every message, problem, alert,
// workbook cell and history record passes through on its way out of makplan:
// anything shaped like a product key is masked to its last five characters,
// and control characters, bidirectional overrides and other invisible
// formatting characters from the inputs are shown escaped instead of acting
// on a screen, a log or a mail header (docs/robustness.md). It knows
// nothing of licensing and uses the standard library only.
package redact
