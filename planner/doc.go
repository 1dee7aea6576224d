// Package planner holds makplan's licensing domain: product keys, products,
// devices, agreements, the reimaging eligibility rules and the MAK capacity
// maths. It knows nothing of files, spreadsheets or configuration: readers
// in sub-packages turn files into these values (package cells reads the
// values of cells, package problem says what is wrong with them), and
// writers turn results into workbooks, emails and JSON.
package planner
