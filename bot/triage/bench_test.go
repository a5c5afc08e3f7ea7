package triage

import (
	"strings"
	"testing"
	"time"
)

// A typical message: under 300 characters, a mix of chat and health words.
const benchTypical = "hey all, quick question - my endo wants me to switch from lantus to tresiba and I'm a bit nervous. anyone else made the switch? did your sugars go crazy for the first week? also how do you all deal with needle fatigue lol"

// benchLong builds a 4,000-character message from varied sentences, with a
// danger phrase near the end so the whole text is scanned.
func benchLong() string {
	parts := []string{
		"Today was a long day at the clinic and my sugars were all over the place. ",
		"I tried pacing like everyone suggested but the brain fog is still bad. ",
		"My inhaler has been working fine, peak flow is ok most mornings. ",
		"Does anyone have tips for traveling with a pump through airport security? ",
		"The infusion nurse was lovely and the new chair is so much comfier. ",
		"My migraine started after lunch but the triptan helped within an hour. ",
	}
	var b strings.Builder
	for i := 0; b.Len() < 3990; i++ {
		b.WriteString(parts[i%len(parts)])
	}
	s := b.String()[:3990]
	return s + " I took 30 pills."
}

// reportCPU adds cpu-ns/op, the process's CPU time per call, beside the
// wall-clock ns/op: on a shared machine the wall clock includes time spent
// waiting for a core, the CPU time does not.
func reportCPU(b *testing.B, start time.Duration, ok bool) {
	end, ok2 := processCPU()
	if ok && ok2 && b.N > 0 {
		b.ReportMetric(float64(end-start)/float64(b.N), "cpu-ns/op")
	}
}

func BenchmarkClassifyTypical(b *testing.B) {
	if len(benchTypical) > 300 {
		b.Fatalf("typical message is %d chars", len(benchTypical))
	}
	b.ReportAllocs()
	cpu, ok := processCPU()
	for b.Loop() {
		Classify(benchTypical)
	}
	reportCPU(b, cpu, ok)
}

func BenchmarkClassify4000(b *testing.B) {
	s := benchLong()
	if len(s) < 4000 {
		b.Fatalf("long message is %d chars", len(s))
	}
	b.ReportAllocs()
	cpu, ok := processCPU()
	for b.Loop() {
		Classify(s)
	}
	reportCPU(b, cpu, ok)
}

func BenchmarkNormalizeTypical(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		Normalize(benchTypical)
	}
}

// BenchmarkClassifyCorpus cycles through every message of the evaluation
// sets (all under 300 characters), so ns/op is the mean cost of a real
// message rather than of one hand-picked text.
func BenchmarkClassifyCorpus(b *testing.B) {
	var msgs []string
	for _, f := range []string{"testdata/eval.tsv", "testdata/holdout.tsv", "testdata/fresh.tsv", "testdata/batch5.tsv", "testdata/probe.tsv"} {
		for _, e := range loadExamples(b, f) {
			msgs = append(msgs, e.text)
		}
	}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		Classify(msgs[i%len(msgs)])
		i++
	}
}
