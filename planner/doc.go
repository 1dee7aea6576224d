// Package planner holds makplan's licensing domain: product keys, products,
// devices, agreements, the reimaging eligibility rules and the MAK capacity
// maths. It uses the standard library only and knows nothing of files,
// spreadsheets or configuration: readers in sub-packages turn files into these
// values, and writers turn results into workbooks, emails and JSON.
package planner
