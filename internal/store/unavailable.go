package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"io"
	"net"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"
	"modernc.org/sqlite"
)

// Unavailable tells whether err means that the database cannot be reached
// or cannot answer now (connection refused or lost, server shutting down
// or full, SQLite still busy after its timeout, a deadline spent waiting
// for it), rather than that the request was wrong: the interface then
// answers 503 with Retry-After instead of an unexpected error (issue 20).
func Unavailable(err error) bool {
	if err == nil {
		return false
	}
	if errors.Is(err, driver.ErrBadConn) || errors.Is(err, sql.ErrConnDone) || errors.Is(err, context.DeadlineExceeded) {
		return true
	}
	// A PostgreSQL connection cut in the middle of an answer: pgx returns
	// the bare read error (the next query finds the server refusing).
	if errors.Is(err, io.ErrUnexpectedEOF) {
		return true
	}
	var (
		connectErr *pgconn.ConnectError
		pgErr      *pgconn.PgError
		netErr     net.Error
		liteErr    *sqlite.Error
	)
	switch {
	case errors.As(err, &connectErr), errors.As(err, &netErr):
		return true
	case errors.As(err, &pgErr):
		// Class 08: connection exception; 57P01–57P03: the server is
		// shutting down or starting; 53300: too many connections.
		return strings.HasPrefix(pgErr.Code, "08") || strings.HasPrefix(pgErr.Code, "57P") || pgErr.Code == "53300"
	case errors.As(err, &liteErr):
		// SQLITE_BUSY (5) and SQLITE_LOCKED (6), extended codes included:
		// returned once busy_timeout has passed.
		c := liteErr.Code() & 0xff
		return c == 5 || c == 6
	}
	// database/sql does not export the error of a closed pool (the
	// application shutting down, or its database gone).
	return strings.Contains(err.Error(), "sql: database is closed")
}
