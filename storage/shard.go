package storage

// Shard is the Discord shard a process serves (docs/operations.md,
// "Shards"): ID of Count. Processes of different shards share one
// PostgreSQL database and run side by side: each leads its own shard
// (leader.go: the lock's key includes the ID) and runs its own shard's
// jobs (jobs.go). On SQLite there is one process, shard 0 of 1.
type Shard struct{ ID, Count int }

// SetShard makes this process shard s. Call it once, before TryLead and
// before the jobs run.
func (db *DB) SetShard(s Shard) { *db.shard = s }
