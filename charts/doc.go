// Package charts draws the pictures peerhours attaches to its answers: the
// /stats chart of questions asked and answered over a period, as a PNG.
//
// It is the one package that depends on github.com/wcharczuk/go-chart, a
// pure-Go renderer (no cgo, no browser, no system fonts: it embeds Roboto),
// so the chart is drawn inside the process and is the same on every
// machine. cmd/peerhours hands StatsPNG to the Discord adapter.
package charts
