package bot

import (
	"context"
	"time"
)

// Store is the persistence peerhours needs. storage.DB implements it; tests
// use a real SQLite file. Lookups of a single row return ErrNotFound when
// there is none.
type Store interface {
	Ping(ctx context.Context) error

	// GuildSettings returns the server's settings, or Settings{GuildID: id}
	// when none were saved yet.
	GuildSettings(ctx context.Context, guildID string) (Settings, error)
	SaveGuildSettings(ctx context.Context, s Settings) error

	CreateCondition(ctx context.Context, c Condition) (Condition, error)
	Condition(ctx context.Context, id int64) (Condition, error)
	// ConditionByName matches case-insensitively.
	ConditionByName(ctx context.Context, guildID, name string) (Condition, error)
	Conditions(ctx context.Context, guildID string) ([]Condition, error)
	ArchiveCondition(ctx context.Context, id int64) error
	UpdateConditionParts(ctx context.Context, c Condition) error

	Consent(ctx context.Context, guildID, userID string) (Consent, error)
	SaveConsent(ctx context.Context, c Consent) error
	SaveMembership(ctx context.Context, m Membership) error
	DeleteMembership(ctx context.Context, guildID, userID string, conditionID int64) (bool, error)
	Memberships(ctx context.Context, guildID string, conditionID int64) ([]Membership, error)
}

// Service is the domain: every use case the adapters call.
type Service struct {
	store         Store
	discord       Discord
	now           func() time.Time
	retentionDays int
}

// Option configures a Service.
type Option func(*Service)

// WithClock replaces time.Now, for tests that need a fixed or moving clock.
func WithClock(now func() time.Time) Option { return func(s *Service) { s.now = now } }

// WithRetentionDays says how long message text is kept (RETENTION_DAYS).
func WithRetentionDays(days int) Option { return func(s *Service) { s.retentionDays = days } }

// NewService returns a Service over store that acts on Discord through d.
func NewService(store Store, d Discord, opts ...Option) *Service {
	s := &Service{store: store, discord: d, now: time.Now, retentionDays: 90}
	for _, o := range opts {
		o(s)
	}
	return s
}

// Now is the service's clock.
func (s *Service) Now() time.Time { return s.now() }

// Ping reports whether the store answers; /readyz uses it.
func (s *Service) Ping(ctx context.Context) error { return s.store.Ping(ctx) }

// Settings returns a server's settings.
func (s *Service) Settings(ctx context.Context, guildID string) (Settings, error) {
	return s.store.GuildSettings(ctx, guildID)
}
