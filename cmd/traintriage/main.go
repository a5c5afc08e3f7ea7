// Command traintriage trains triage's learned layer from the labelled
// messages in bot/triage/testdata and writes bot/triage/model.bin.
//
//	go run ./cmd/traintriage            # train, print figures, write the model
//	go run ./cmd/traintriage -n         # figures only
//
// Training is deterministic: the same files and flags give the same
// model.bin on the same platform. The figures it prints are out-of-fold:
// every message is judged by a model trained without it, and the model's
// thresholds are chosen on those judgements. They are still optimistic
// (the folds share writers and topics); the honest measure is a batch
// written after training, run once (bot/triage/testdata/README.md).
package main

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/peerhours/peerhours/bot/triage"
)

// trainingFiles are the sets the model learns from: everything written for
// training, and the older evaluation sets the rules were developed on.
// Sets under testdata/heldout/ are never trained on.
var trainingFiles = []string{
	"train/*.tsv",
	"eval.tsv", "holdout.tsv", "fresh.tsv", "probe.tsv",
	"batch5.tsv", "batch6.tsv", "batch7.tsv", "batch8.tsv", "batch9.tsv",
}

func main() {
	if err := run(os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "traintriage:", err)
		os.Exit(1)
	}
}

func run(args []string, out io.Writer) error {
	fl := flag.NewFlagSet("traintriage", flag.ContinueOnError)
	dir := fl.String("data", "bot/triage/testdata", "folder of the labelled sets")
	dst := fl.String("o", "bot/triage/model.bin", "where to write the model")
	dry := fl.Bool("n", false, "print the figures, write nothing")
	var opt triage.TrainOptions
	bits := fl.Uint("bits", 18, "log2 of the weight table's rows")
	fl.IntVar(&opt.Epochs, "epochs", 12, "passes over the data")
	fl.Float64Var(&opt.Rate, "rate", 0.2, "AdaGrad learning rate")
	fl.Float64Var(&opt.EmergencyRecall, "emergency-recall", 0.98, "out-of-fold emergency recall the threshold is chosen for")
	fl.Float64Var(&opt.ClinicalRecall, "clinical-recall", 0.9, "out-of-fold clinical recall the threshold is chosen for")
	if err := fl.Parse(args); err != nil {
		return err
	}
	opt.Bits = uint8(*bits)

	examples, fingerprint, err := load(*dir)
	if err != nil {
		return err
	}
	m, rep, err := triage.Train(examples, opt)
	if err != nil {
		return err
	}
	m.Meta = "data_sha256=" + fingerprint + " " + m.Meta
	report(out, m, rep)
	if *dry {
		return nil
	}
	b, err := m.MarshalBinary()
	if err != nil {
		return err
	}
	if err := os.WriteFile(*dst, b, 0o644); err != nil {
		return err
	}
	fmt.Fprintf(out, "wrote %s (%d bytes)\n", *dst, len(b))
	return nil
}

// load reads every training file, in a fixed order, and fingerprints
// their contents so the model records exactly what it learned from.
func load(dir string) ([]triage.Example, string, error) {
	var files []string
	for _, g := range trainingFiles {
		m, err := filepath.Glob(filepath.Join(dir, g))
		if err != nil {
			return nil, "", err
		}
		if len(m) == 0 {
			return nil, "", fmt.Errorf("no file matches %s", filepath.Join(dir, g))
		}
		slices.Sort(m)
		files = append(files, m...)
	}
	sum := sha256.New()
	seen := map[string]bool{}
	var out []triage.Example
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			return nil, "", err
		}
		sum.Write(b)
		exs, err := parse(f, string(b))
		if err != nil {
			return nil, "", err
		}
		for _, ex := range exs {
			if !seen[ex.Text] {
				seen[ex.Text] = true
				out = append(out, ex)
			}
		}
	}
	return out, hex.EncodeToString(sum.Sum(nil)), nil
}

// parse reads label<TAB>text lines; "\n" in a text is a line break and
// lines starting with # are comments.
func parse(name, s string) ([]triage.Example, error) {
	var out []triage.Example
	sc := bufio.NewScanner(strings.NewReader(s))
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		label, text, ok := strings.Cut(line, "\t")
		if !ok || strings.Contains(text, "\t") {
			return nil, fmt.Errorf("%s:%d: want label<TAB>text", name, n)
		}
		l, err := triage.ParseLabel(label)
		if err != nil {
			return nil, fmt.Errorf("%s:%d: %w", name, n, err)
		}
		out = append(out, triage.Example{Text: strings.ReplaceAll(text, `\n`, "\n"), Label: l})
	}
	if err := sc.Err(); err != nil {
		return nil, errors.Join(fmt.Errorf("%s", name), err)
	}
	return out, nil
}

var catNames = []string{"none", "peer", "clinical", "emergency"}

func report(out io.Writer, m *triage.Model, rep triage.TrainReport) {
	fmt.Fprintf(out, "%d examples; thresholds: emergency %.2f, clinical %.2f, peer %.2f\n\n", rep.Examples, m.Emergency, m.Clinical, m.Peer)
	for _, t := range []struct {
		name string
		m    [4][4]int
	}{{"rules alone", rep.RulesOnly}, {"rules and model, out of fold", rep.OutOfFold}} {
		fmt.Fprintf(out, "%s:\n    want\\got   none  peer  clin  emer\n", t.name)
		for w, row := range t.m {
			fmt.Fprintf(out, "    %-9s %5d %5d %5d %5d\n", catNames[w], row[0], row[1], row[2], row[3])
		}
		for c := 1; c < 4; c++ {
			fmt.Fprintf(out, "    %-9s precision %.3f recall %.3f\n", catNames[c], precision(t.m, c), recall(t.m, c))
		}
		fmt.Fprintln(out)
	}
	fmt.Fprintln(out, "emergency threshold, out of fold (rules or model):")
	for _, p := range rep.Curve {
		if int(p.Threshold*100+0.5)%5 == 0 {
			fmt.Fprintf(out, "    %.2f  recall %.3f  precision %.3f\n", p.Threshold, p.Recall, p.Precision)
		}
	}
}

func precision(m [4][4]int, c int) float64 {
	tp, all := m[c][c], 0
	for w := range m {
		all += m[w][c]
	}
	if all == 0 {
		return 1
	}
	return float64(tp) / float64(all)
}

func recall(m [4][4]int, c int) float64 {
	tp, all := m[c][c], 0
	for _, n := range m[c] {
		all += n
	}
	if all == 0 {
		return 1
	}
	return float64(tp) / float64(all)
}
