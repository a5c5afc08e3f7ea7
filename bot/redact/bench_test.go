package redact

import (
	"fmt"
	"testing"
)

// benchMembers makes n members with realistic names: a username, a two-word display name
// and, for every third, a nickname.
func benchMembers(n int) []Member {
	first := []string{"Maria", "James", "Sam", "Priya", "Daniel", "Chris", "Ana", "Tomasz", "Kate", "Dave",
		"Lena", "Zoe", "Grace", "Mohammed", "Rebecca", "Olu", "Jessica", "Raj", "Carmen", "Pete"}
	last := []string{"Lopez", "Turner", "Okafor", "Nair", "Kim", "Garcia", "Schmidt", "Hall", "Patel", "Ruiz"}
	ms := make([]Member, n)
	for i := range ms {
		f, l := first[i%len(first)], last[(i/len(first))%len(last)]
		ms[i] = Member{
			ID:         fmt.Sprintf("8732019465500%05d", i),
			Username:   fmt.Sprintf("%s_%s%d", f, l, i),
			GlobalName: f + " " + l,
		}
		if i%3 == 0 {
			ms[i].Nick = fmt.Sprintf("%s%d", f[:3], i)
		}
	}
	return ms
}

// benchMessage is a typical message of about 300 characters: medical talk, a mention, a name
// and one phone number.
const benchMessage = "hey <@873201946550000003> thanks for the tip! I switched to pre-bolusing 15 minutes " +
	"before breakfast and my A1C went from 8.1 to 7.2. Maria said the same worked for her. " +
	"Still getting lows around 3am though, 45 mg/dL last night. If anyone wants my log, text me " +
	"at 555-234-5678 and I'll send it over."

// BenchmarkRedact: go test -run '^$' -bench . -benchmem ./bot/redact/
func BenchmarkRedact(b *testing.B) {
	r := New(benchMembers(200))
	b.SetBytes(int64(len(benchMessage)))
	b.ReportAllocs()
	for b.Loop() {
		r.Redact(benchMessage)
	}
}

// BenchmarkRedactClean is a message with nothing to redact, the common case.
func BenchmarkRedactClean(b *testing.B) {
	r := New(benchMembers(200))
	msg := "my fasting numbers have been all over the place since the new basal rate, 110 one day " +
		"and 180 the next. Endo says to log everything for 2 weeks and bring it to the next visit. " +
		"Anyone else find the Libre reads higher than fingersticks in the morning? Mine is off by " +
		"about 20 mg/dL."
	b.SetBytes(int64(len(msg)))
	b.ReportAllocs()
	for b.Loop() {
		r.Redact(msg)
	}
}

// BenchmarkPseudonymize redacts a 5,000-message summary with one Pseudonymizer, as
// /summarize does.
func BenchmarkPseudonymize5000(b *testing.B) {
	ms := benchMembers(200)
	r := New(ms)
	for b.Loop() {
		p := r.NewPseudonymizer()
		for i := 0; i < 5000; i++ {
			p.Author(ms[i%40].ID)
			p.Redact(benchMessage)
		}
	}
}

func BenchmarkNew200(b *testing.B) {
	ms := benchMembers(200)
	for b.Loop() {
		New(ms)
	}
}

// BenchmarkNew10000 builds a Redactor for a server of 10,000 members, as peerhours does
// when a server's member list changes (the domain keeps one per server until then).
func BenchmarkNew10000(b *testing.B) {
	ms := benchMembers(10000)
	for b.Loop() {
		New(ms)
	}
}

// thread5000 is a 5,000-message thread made of the labelled sets' messages (their mark-up
// removed), cycled, with 40 authors taking turns.
func thread5000(b *testing.B) (texts []string, authors []string) {
	var lines []labelledLine
	for _, f := range []string{"testdata/safeharbor.txt", "testdata/chat.txt", "testdata/medical.txt"} {
		lines = append(lines, loadLabelled(b, f)...)
	}
	for i := 0; i < 5000; i++ {
		texts = append(texts, lines[i%len(lines)].text)
		authors = append(authors, fmt.Sprintf("8732019465500%05d", (i*7)%40))
	}
	return texts, authors
}

// BenchmarkRedactThread5000 redacts a 5,000-message thread of realistic chat (a third of the
// messages carry identifiers) with 200 known members, message by message.
func BenchmarkRedactThread5000(b *testing.B) {
	r := New(benchMembers(200))
	texts, _ := thread5000(b)
	n := 0
	for _, t := range texts {
		n += len(t)
	}
	b.SetBytes(int64(n))
	b.ReportAllocs()
	for b.Loop() {
		for _, t := range texts {
			r.Redact(t)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/5000, "ns/msg")
}

// BenchmarkPseudonymizeThread5000 is what /summarize does with such a thread: one
// Pseudonymizer, authors as Member A…, other people as Person N, places as Place N.
func BenchmarkPseudonymizeThread5000(b *testing.B) {
	r := New(benchMembers(200))
	texts, authors := thread5000(b)
	b.ReportAllocs()
	for b.Loop() {
		p := r.NewPseudonymizer()
		for i, t := range texts {
			p.RedactMessage(authors[i], t)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/5000, "ns/msg")
}
