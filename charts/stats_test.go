package charts_test

import (
	"bytes"
	"image/png"
	"testing"
	"time"

	"github.com/peerhours/peerhours/bot"
	"github.com/peerhours/peerhours/charts"
)

// The chart is a PNG that decodes, at its size, for a busy period, an
// empty one and a one-bucket one.
func TestStatsPNG(t *testing.T) {
	to := time.Date(2026, 12, 7, 12, 0, 0, 0, time.UTC)
	busy := bot.StatsFacts{}
	for i := range 40 {
		at := to.Add(-time.Duration(i) * 17 * time.Hour)
		busy.Questions = append(busy.Questions, bot.QuestionFact{ID: bot.QuestionID(i), AskedAt: at, Status: bot.QuestionAnswered,
			TakenAt: at.Add(time.Hour), AnsweredAt: at.Add(2 * time.Hour), Helpful: bot.HelpfulUnanswered})
	}
	one := bot.ComputeStats(bot.StatsFacts{}, bot.StatsPeriod{Name: "1d", Days: 1, Bucket: 48 * time.Hour}, to)
	for name, st := range map[string]bot.Stats{
		"busy":  bot.ComputeStats(busy, bot.StatsPeriods[0], to),
		"year":  bot.ComputeStats(busy, bot.StatsPeriods[3], to),
		"empty": bot.ComputeStats(bot.StatsFacts{}, bot.StatsPeriods[1], to),
		"one":   one,
	} {
		b, err := charts.StatsPNG(st, bot.English)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if !bytes.HasPrefix(b, []byte("\x89PNG\r\n\x1a\n")) {
			t.Fatalf("%s: not a PNG: % x", name, b[:8])
		}
		img, err := png.Decode(bytes.NewReader(b))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if r := img.Bounds(); r.Dx() != 960 || r.Dy() != 420 {
			t.Errorf("%s: %v", name, r)
		}
	}
}
