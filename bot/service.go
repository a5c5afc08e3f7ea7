package bot

import (
	"context"
	"time"
)

// Store is the persistence peerhours needs. storage.DB implements it; tests
// use a real SQLite file or bottest's fakes.
type Store interface {
	Ping(ctx context.Context) error
	// GuildSettings returns the server's settings, or Settings{GuildID: id}
	// when none were saved yet.
	GuildSettings(ctx context.Context, guildID string) (Settings, error)
	SaveGuildSettings(ctx context.Context, s Settings) error
}

// Service is the domain: every use case the adapters call.
type Service struct {
	store Store
	now   func() time.Time
}

// Option configures a Service.
type Option func(*Service)

// WithClock replaces time.Now, for tests that need a fixed or moving clock.
func WithClock(now func() time.Time) Option { return func(s *Service) { s.now = now } }

// NewService returns a Service over store.
func NewService(store Store, opts ...Option) *Service {
	s := &Service{store: store, now: time.Now}
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
