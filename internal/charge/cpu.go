package charge

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"
)

// clockTicks is Linux's USER_HZ, the unit of /proc/<pid>/stat's times: 100
// on every architecture Linux runs on today.
const clockTicks = 100

// processCPU is the user + system CPU time the process has used so far.
// pid 0: nothing measured.
func processCPU(pid int) (time.Duration, error) {
	if pid <= 0 {
		return 0, nil
	}
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return 0, fmt.Errorf("charge : temps CPU du processus %d illisible : %w", pid, err)
	}
	// The command name, in parentheses, may hold spaces: the fields
	// counted are after its closing one (utime and stime: 14th and 15th).
	s := string(b)
	f := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
	if len(f) < 13 {
		return 0, fmt.Errorf("charge : /proc/%d/stat inattendu", pid)
	}
	utime, err1 := strconv.ParseInt(f[11], 10, 64)
	stime, err2 := strconv.ParseInt(f[12], 10, 64)
	if err1 != nil || err2 != nil {
		return 0, fmt.Errorf("charge : /proc/%d/stat inattendu", pid)
	}
	return time.Duration(utime+stime) * time.Second / clockTicks, nil
}

// cpuByPID is the CPU time of each of a set of processes at one moment.
type cpuByPID map[int]time.Duration

// since is the CPU the processes used after before: a process that ended
// in between is lost (PostgreSQL backends live as long as the server's
// connection pool keeps them), a new one counts whole.
func (after cpuByPID) since(before cpuByPID) time.Duration {
	var d time.Duration
	for pid, t := range after {
		d += t - before[pid]
	}
	return d
}

func backendsCPU(ctx context.Context, list func(context.Context) ([]int, error)) (cpuByPID, error) {
	if list == nil {
		return nil, nil
	}
	pids, err := list(ctx)
	if err != nil {
		return nil, err
	}
	out := cpuByPID{}
	for _, pid := range pids {
		if t, err := processCPU(pid); err == nil {
			out[pid] = t
		}
	}
	return out, nil
}

// peakRSS is the process's peak resident memory (VmHWM), in bytes; 0 when
// not measured.
func peakRSS(pid int) int64 {
	if pid <= 0 {
		return 0
	}
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		return 0
	}
	for line := range strings.SplitSeq(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			if err == nil {
				return kb * 1024
			}
		}
	}
	return 0
}
