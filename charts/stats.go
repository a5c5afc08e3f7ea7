package charts

import (
	"bytes"
	"fmt"
	"time"

	chart "github.com/wcharczuk/go-chart/v2"
	"github.com/wcharczuk/go-chart/v2/drawing"

	"github.com/peerhours/peerhours/bot"
)

// Size of the /stats chart: wide enough for a year of weekly points,
// readable in Discord's preview.
const (
	width  = 960
	height = 420
)

var (
	askedColor    = drawing.ColorFromHex("5865F2") // Discord's blurple
	answeredColor = drawing.ColorFromHex("3BA55C") // green
)

// StatsPNG draws the questions asked and answered in each day (or week) of
// st's period as lines, with its words in l, and returns the PNG.
func StatsPNG(st bot.Stats, l bot.Lang) ([]byte, error) {
	if len(st.Buckets) == 0 {
		return nil, fmt.Errorf("charts: no buckets to draw")
	}
	xs := make([]time.Time, len(st.Buckets))
	asked := make([]float64, len(st.Buckets))
	answered := make([]float64, len(st.Buckets))
	top := 1.0
	for i, b := range st.Buckets {
		xs[i] = b.From
		asked[i], answered[i] = float64(b.Asked), float64(b.Answered)
		top = max(top, asked[i], answered[i])
	}
	if len(xs) == 1 { // a range needs two points
		xs = append(xs, st.Buckets[0].To)
		asked = append(asked, asked[0])
		answered = append(answered, answered[0])
	}
	what := l.T("the whole server")
	if st.Condition != "" {
		what = st.Condition
	}
	title := l.Sprintf("%s — questions per day, %s", what, st.Period.Label(l))
	if st.Period.Bucket >= 7*24*time.Hour {
		title = l.Sprintf("%s — questions per week, %s", what, st.Period.Label(l))
	}
	graph := chart.Chart{
		Title:  title,
		Width:  width,
		Height: height,
		Background: chart.Style{
			Padding: chart.Box{Top: 50, Left: 20, Right: 20, Bottom: 10},
		},
		XAxis: chart.XAxis{ValueFormatter: chart.TimeDateValueFormatter},
		YAxis: chart.YAxis{
			Range: &chart.ContinuousRange{Min: 0, Max: top + 1},
			Ticks: countTicks(top + 1),
		},
		Series: []chart.Series{
			chart.TimeSeries{Name: l.T("Questions asked"), XValues: xs, YValues: asked,
				Style: chart.Style{StrokeColor: askedColor, StrokeWidth: 3}},
			chart.TimeSeries{Name: l.T("Answered"), XValues: xs, YValues: answered,
				Style: chart.Style{StrokeColor: answeredColor, StrokeWidth: 3, StrokeDashArray: []float64{6, 4}}},
		},
	}
	graph.Elements = []chart.Renderable{chart.LegendLeft(&graph)}
	var buf bytes.Buffer
	if err := graph.Render(chart.PNG, &buf); err != nil {
		return nil, fmt.Errorf("charts: render: %w", err)
	}
	return buf.Bytes(), nil
}

// countTicks labels whole numbers from 0 to at least top, at most about
// eight of them: counts have no fractions.
func countTicks(top float64) []chart.Tick {
	step := max(1, int(top+7)/8)
	var ticks []chart.Tick
	for v := 0; ; v += step {
		ticks = append(ticks, chart.Tick{Value: float64(v), Label: fmt.Sprint(v)})
		if float64(v) >= top {
			return ticks
		}
	}
}
