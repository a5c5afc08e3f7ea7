package discordadapter

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/peerhours/peerhours/bot"
)

var statsCommand = &discordgo.ApplicationCommand{
	Name:        "stats",
	Description: "Outcomes of office hours: answers, waits, no-shows, helpfulness, emergencies (with a chart and CSV)",
	Contexts:    guildOnly,
	Options: []*discordgo.ApplicationCommandOption{
		{Type: discordgo.ApplicationCommandOptionString, Name: "condition", Description: "A condition group (all of them if left out)", Autocomplete: true},
		{Type: discordgo.ApplicationCommandOptionString, Name: "period", Description: "How far back (the last 30 days if left out)", Choices: periodChoices()},
	},
}

func periodChoices() []*discordgo.ApplicationCommandOptionChoice {
	out := make([]*discordgo.ApplicationCommandOptionChoice, len(bot.StatsPeriods))
	for i, p := range bot.StatsPeriods {
		out[i] = &discordgo.ApplicationCommandOptionChoice{Name: p.Label(bot.English), Value: p.Name}
	}
	return out
}

// stats answers /stats privately: the figures as an embed, the chart as a
// PNG and the same figures per day (or week) as CSV.
func (b *Bot) stats(ctx context.Context, r *Request) (Reply, error) {
	st, err := b.svc.Stats(ctx, r.Caller, r.String("condition"), r.String("period"))
	if err != nil {
		return Reply{}, err
	}
	name := statsFileName(st)
	l := r.Lang()
	e := statsEmbed(l, st)
	reply := Reply{Embeds: []*discordgo.MessageEmbed{e}}
	if b.statsChart != nil {
		png, err := b.statsChart(st, l)
		if err != nil {
			// The figures are worth having without the picture.
			r.Log.Warn().Str("error", errorClass(err)).Msg("stats chart failed")
		} else {
			reply.Files = append(reply.Files, &discordgo.File{Name: name + ".png", ContentType: "image/png", Reader: bytes.NewReader(png)})
			e.Image = &discordgo.MessageEmbedImage{URL: "attachment://" + name + ".png"}
		}
	}
	reply.Files = append(reply.Files, &discordgo.File{Name: name + ".csv", ContentType: "text/csv", Reader: bytes.NewReader(StatsCSV(st))})
	return reply, nil
}

func statsFileName(st bot.Stats) string {
	what := "server"
	if st.Condition != "" {
		what = strings.ToLower(strings.Join(strings.Fields(st.Condition), "-"))
	}
	return fmt.Sprintf("peerhours-stats-%s-%s-%s", what, st.Period.Name, st.Total.To.Format("2006-01-02"))
}

func statsEmbed(l bot.Lang, st bot.Stats) *discordgo.MessageEmbed {
	what := l.T("All condition groups")
	if st.Condition != "" {
		what = st.Condition
	}
	footer := l.T("Questions asked in the period, and what became of them. Median and 90th percentile (p90). No-show: a session that ended with no clinician. The CSV has these figures per day.")
	if weekly(st.Period) {
		footer = l.T("Questions asked in the period, and what became of them. Median and 90th percentile (p90). No-show: a session that ended with no clinician. The CSV has these figures per week.")
	}
	return &discordgo.MessageEmbed{
		Title:       fmt.Sprintf("📊 %s — %s", what, st.Period.Label(l)),
		Description: l.Sprintf("<t:%d:f> to <t:%d:f>", st.Total.From.Unix(), st.Total.To.Unix()),
		Color:       colorInfo,
		Fields:      figureFields(l, st.Total),
		Footer:      &discordgo.MessageEmbedFooter{Text: footer},
	}
}

// weekly reports whether the chart's and the CSV's rows are weeks (else days).
func weekly(p bot.StatsPeriod) bool { return p.Bucket >= 7*24*time.Hour }

// figureFields are the figures as embed fields in l, the same in /stats and
// in the session report.
func figureFields(l bot.Lang, f bot.Figures) []*discordgo.MessageEmbedField {
	field := func(name, value string) *discordgo.MessageEmbedField {
		return &discordgo.MessageEmbedField{Name: name, Value: value, Inline: true}
	}
	answered := l.Sprintf("%d of %d", f.Answered, f.Asked)
	if f.Asked > 0 {
		answered = l.Sprintf("%d of %d (%d%%)", f.Answered, f.Asked, f.Answered*100/f.Asked)
	}
	helpful := l.T("no answers yet")
	if rate, ok := f.HelpfulRate(); ok {
		helpful = l.Sprintf("%.0f%% (%d of %d said yes)", rate*100, f.HelpfulYes, f.HelpfulYes+f.HelpfulNo)
	}
	emergencies := strconv.Itoa(f.Emergencies)
	if f.Emergencies > 0 {
		ack := medianP90(l, f.AckMedian, f.AckP90, f.Emergencies-f.Unacked)
		emergencies = l.Sprintf("%d · acknowledged in %s", f.Emergencies, ack)
		if f.Unacked > 0 {
			emergencies = l.Sprintf("%d · acknowledged in %s · %d not acknowledged", f.Emergencies, ack, f.Unacked)
		}
	}
	return []*discordgo.MessageEmbedField{
		field(l.T("Questions asked"), strconv.Itoa(f.Asked)),
		field(l.T("Answered"), answered),
		field(l.T("Time to a clinician's answer"), medianP90(l, f.AnswerMedian, f.AnswerP90, f.Answered)),
		field(l.T("Queue wait"), medianP90(l, f.WaitMedian, f.WaitP90, f.WaitCount())),
		field(l.T("Sessions"), l.Sprintf("%d held · %d no-show", f.Sessions, f.NoShows)),
		field(l.T("Rolled over"), l.Sprintf("%d to a later session", f.Rollovers)),
		field(l.T("Helpful"), helpful),
		field(l.T("Emergencies"), emergencies),
	}
}

func medianP90(l bot.Lang, median, p90 time.Duration, n int) string {
	if n == 0 {
		return "—"
	}
	return l.Sprintf("median %s · p90 %s", span(median), span(p90))
}

// StatsCSV is the period's figures per day (or week), then a total row.
// Durations are in seconds; an empty cell means there was nothing to
// measure.
func StatsCSV(st bot.Stats) []byte {
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	what := st.Condition
	if what == "" {
		what = "all"
	}
	w.Write([]string{"condition", "row", "from", "to", "asked", "answered", "answer_median_s", "answer_p90_s",
		"wait_median_s", "wait_p90_s", "sessions", "no_shows", "rollovers", "helpful_yes", "helpful_no",
		"emergencies", "unacknowledged", "ack_median_s", "ack_p90_s"})
	row := func(f bot.Figures, label string) {
		secs := func(d time.Duration, n int) string {
			if n == 0 {
				return ""
			}
			return strconv.FormatInt(int64(d/time.Second), 10)
		}
		acked := f.Emergencies - f.Unacked
		w.Write([]string{what, label, f.From.UTC().Format(time.RFC3339), f.To.UTC().Format(time.RFC3339),
			strconv.Itoa(f.Asked), strconv.Itoa(f.Answered),
			secs(f.AnswerMedian, f.Answered), secs(f.AnswerP90, f.Answered),
			secs(f.WaitMedian, f.WaitCount()), secs(f.WaitP90, f.WaitCount()),
			strconv.Itoa(f.Sessions), strconv.Itoa(f.NoShows), strconv.Itoa(f.Rollovers),
			strconv.Itoa(f.HelpfulYes), strconv.Itoa(f.HelpfulNo),
			strconv.Itoa(f.Emergencies), strconv.Itoa(f.Unacked), secs(f.AckMedian, acked), secs(f.AckP90, acked)})
	}
	for _, f := range st.Buckets {
		label := "day"
		if weekly(st.Period) {
			label = "week"
		}
		row(f, label) // the CSV's words stay English: scripts read them
	}
	row(st.Total, "total")
	w.Flush()
	return buf.Bytes()
}
