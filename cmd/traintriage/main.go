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
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/peerhours/peerhours/bot/triage"
)

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
	misses := fl.String("misses", "", "write the out-of-fold misses to this file")
	var evals []string
	fl.Func("eval", "also judge this labelled file with the new model (repeatable)", func(s string) error {
		evals = append(evals, s)
		return nil
	})
	var opt triage.TrainOptions
	bits := fl.Uint("bits", 18, "log2 of the weight table's rows")
	fl.IntVar(&opt.Epochs, "epochs", 12, "passes over the data")
	fl.IntVar(&opt.MinCount, "min-count", 3, "features seen in fewer messages are not learned")
	fl.Float64Var(&opt.Rate, "rate", 0.2, "AdaGrad learning rate")
	fl.Float64Var(&opt.EmergencyRecall, "emergency-recall", 0.97, "out-of-fold emergency recall the threshold is chosen for")
	fl.Float64Var(&opt.ClinicalRecall, "clinical-recall", 0.9, "out-of-fold clinical recall the threshold is chosen for")
	fl.Float64Var(&opt.DeniedPrecision, "denied-precision", 0.8, "out-of-fold emergency precision the threshold for messages the rules explained away is chosen for")
	if err := fl.Parse(args); err != nil {
		return err
	}
	opt.Bits = uint8(*bits)

	set, err := triage.ReadTrainingSet(*dir)
	if err != nil {
		return err
	}
	examples, sources := set.Examples, set.Sources
	m, rep, err := triage.Train(examples, opt)
	if err != nil {
		return err
	}
	m.Meta = "data_sha256=" + set.Fingerprint + " " + m.Meta
	report(out, m, rep)
	perSource(out, examples, sources, rep.Got)
	for _, f := range evals {
		if err := evaluate(out, m, f); err != nil {
			return err
		}
	}
	if *misses != "" {
		var b strings.Builder
		for _, x := range rep.Misses {
			fmt.Fprintf(&b, "%s\t%s\t%.2f\t%s\n", catNames[x.Want], catNames[x.Got], x.Emergency, strings.ReplaceAll(x.Text, "\n", `\n`))
		}
		if err := os.WriteFile(*misses, []byte(b.String()), 0o644); err != nil {
			return err
		}
	}
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

var catNames = []string{"none", "peer", "clinical", "emergency"}

func report(out io.Writer, m *triage.Model, rep triage.TrainReport) {
	fmt.Fprintf(out, "%d examples; thresholds: emergency %.2f (%.2f where the rules explained the words away), clinical %.2f, peer %.2f\n\n",
		rep.Examples, m.Emergency, m.Denied, m.Clinical, m.Peer)
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
	best := 0.0
	for _, p := range rep.Curve {
		if p.Recall >= 0.95 {
			best = max(best, p.Precision)
		}
	}
	fmt.Fprintf(out, "emergency precision at recall 0.95, out of fold: %.3f\n", best)
	fmt.Fprintln(out, "emergency threshold, out of fold (rules or model):")
	for _, p := range rep.Curve {
		if int(p.Threshold*100+0.5)%5 == 0 {
			fmt.Fprintf(out, "    %.2f  recall %.3f  precision %.3f\n", p.Threshold, p.Recall, p.Precision)
		}
	}
}

// evaluate prints how the model and rules do on a labelled file, at the
// model's thresholds and along the emergency threshold.
func evaluate(out io.Writer, m *triage.Model, file string) error {
	b, err := os.ReadFile(file)
	if err != nil {
		return err
	}
	exs, err := triage.ParseLabelled(file, string(b))
	if err != nil {
		return err
	}
	var at [4][4]int
	for _, ex := range exs {
		at[ex.Label.Category()][m.Classify(ex.Text).Category]++
	}
	fmt.Fprintf(out, "\n%s (%d messages) at the model's thresholds:\n", file, len(exs))
	for c := 1; c < 4; c++ {
		fmt.Fprintf(out, "    %-9s precision %.3f recall %.3f\n", catNames[c], precision(at, c), recall(at, c))
	}
	fmt.Fprintln(out, "    emergency threshold: recall, precision")
	saved := m.Emergency
	defer func() { m.Emergency = saved }()
	for t := 5; t <= 95; t += 5 {
		m.Emergency = float32(t) / 100
		var em [4][4]int
		for _, ex := range exs {
			em[ex.Label.Category()][m.Classify(ex.Text).Category]++
		}
		fmt.Fprintf(out, "    %.2f  %.3f  %.3f\n", m.Emergency, recall(em, 3), precision(em, 3))
	}
	return nil
}

// perSource prints each file's out-of-fold emergency and clinical figures.
func perSource(out io.Writer, examples []triage.Example, sources []string, got []triage.Category) {
	var names []string
	by := map[string]*[4][4]int{}
	for i, ex := range examples {
		m := by[sources[i]]
		if m == nil {
			m = new([4][4]int)
			by[sources[i]] = m
			names = append(names, sources[i])
		}
		m[ex.Label.Category()][got[i]]++
	}
	fmt.Fprintln(out, "out of fold, per file:           emergency P    R   clinical R  peer P   false alarms")
	for _, n := range names {
		m := *by[n]
		var fa, neg int
		for w := 0; w < 3; w++ {
			fa += m[w][3]
			for g := 0; g < 4; g++ {
				neg += m[w][g]
			}
		}
		fmt.Fprintf(out, "    %-28s %5.3f %5.3f    %5.3f     %5.3f   %4d of %4d\n", n, precision(m, 3), recall(m, 3), recall(m, 2), precision(m, 1), fa, neg)
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
