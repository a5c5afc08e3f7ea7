//go:build linux

package storage

import (
	"context"
	"fmt"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/peerhours/peerhours/bot"
	"github.com/peerhours/peerhours/bot/triage"
)

// processCPU is the CPU time the whole test process has used: the writes
// run on many goroutines and the group commit's own, so the process's time
// is what they cost. It moves less than wall-clock time when other work
// shares the machine.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkMessageWrite is what every chat message from a consenting member
// stores, as the bot's workers store it under a burst: its decision and its
// text in one grouped write, 64 writers at once (the pipeline's workers),
// on each backend (docs/benchmarks.md). It reports CPU per message as
// "cpu-ns/op" (this process's: a PostgreSQL server's is its own) and the
// mean group size.
//
//	go test ./storage -run '^$' -bench MessageWrite -benchtime 20000x -count 3
func BenchmarkMessageWrite(b *testing.B) {
	for _, backend := range []string{"sqlite", "postgres"} {
		b.Run(backend, benchmarkMessageWrite)
	}
}

func benchmarkMessageWrite(b *testing.B) {
	ctx := context.Background()
	db, err := openAt(ctx, freshTarget(b))
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Migrate(ctx); err != nil {
		b.Fatal(err)
	}
	cond, err := db.CreateCondition(ctx, bot.Condition{GuildID: "g", Name: "Asthma", CategoryID: "cat",
		RoleID: "r", MentorRoleID: "mr", PeerChannelID: "peer", OfficeChannelID: "office", CreatedAt: time.Now()})
	if err != nil {
		b.Fatal(err)
	}
	const text = "Had a rough night with my inhaler again, but the new spacer seems to help a bit. Anyone else find mornings worse?"
	var next atomic.Int64
	groups0 := db.group.groups.Load()
	writes0 := db.group.writes.Load()
	cpu0 := processCPU()
	b.SetParallelism(32) // 64 writers on 2 cores, as discordadapter's pipelineWorkers
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			id := fmt.Sprint(next.Add(1))
			now := time.Now().UTC()
			err := db.Grouped(ctx, func(tx bot.Store) error {
				if _, err := tx.RecordDecision(ctx, bot.DecisionRecord{MessageID: id, GuildID: "g", ChannelID: "peer",
					ConditionID: cond.ID, UserID: "u" + id[len(id)-1:], Category: triage.None, Source: "rules",
					CreatedAt: now, UpdatedAt: now}); err != nil {
					return err
				}
				if _, err := tx.CaptureMessage(ctx, bot.CapturedMessage{ID: id, GuildID: "g", ChannelID: "peer",
					ConditionID: cond.ID, AuthorID: "u" + id[len(id)-1:], Content: text, CreatedAt: now, CapturedAt: now}); err != nil {
					return err
				}
				_, err := tx.MarkSummariesOutdated(ctx, "peer")
				return err
			})
			if err != nil {
				b.Error(err)
				return
			}
		}
	})
	b.StopTimer()
	b.ReportMetric(float64(processCPU()-cpu0)/float64(b.N), "cpu-ns/op")
	if g := db.group.groups.Load() - groups0; g > 0 {
		b.ReportMetric(float64(db.group.writes.Load()-writes0)/float64(g), "writes/group")
	}
}
