package bot

// OfficeHoursStore is the persistence office hours need: schedules,
// sessions and working through the queue.
type OfficeHoursStore interface{}
