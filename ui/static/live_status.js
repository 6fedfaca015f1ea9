// The live status of a session: one element, one `view` prop, a countdown that ticks in the browser.
// The server pushes only changes; `server_time_ms` corrects this device's clock offset.
export default {
  template: `
  <div :class="['live-status', 'mode-' + mode, 'tone-' + tone]" :dir="dir">
    <div v-if="view.broadcast" class="ls-broadcast" role="status">
      <span class="ls-broadcast-label">{{ labels.broadcast }}</span> {{ view.broadcast.message }}
    </div>

    <template v-if="showJoinSlide">
      <div class="ls-join">
        <div class="ls-join-title">{{ view.title }}</div>
        <div class="ls-join-when">{{ startLabel }}</div>
        <img v-if="qr" :src="qr" class="ls-qr" :alt="labels.qr_alt" />
        <div class="ls-join-text">{{ labels.join_at }}</div>
        <div class="ls-join-url">{{ view.join_url }}</div>
        <div class="ls-join-code">{{ labels.code }} <strong>{{ view.code }}</strong></div>
      </div>
    </template>

    <template v-else>
      <div class="ls-head">
        <div class="ls-status" :data-status="view.status">{{ statusLabel }}</div>
        <div v-if="mode !== 'stage'" class="ls-title">{{ view.title }}</div>
      </div>

      <div v-if="current" class="ls-now">
        <div class="ls-segment-label">{{ labels.now }} · {{ position }}</div>
        <div class="ls-segment-title">{{ current.title }}</div>
        <div class="ls-clock" role="timer" :aria-label="clockAria">
          <span class="ls-clock-digits">{{ clockText }}</span>
        </div>
        <div class="ls-tone-label" v-if="toneLabel">
          <span aria-hidden="true">{{ toneIcon }}</span> {{ toneLabel }}
        </div>
        <div v-if="next" class="ls-next"><span>{{ labels.next }}</span> {{ next.title }} · {{ minutes(next.planned_seconds) }}</div>
        <div v-else-if="view.status !== 'ended'" class="ls-next">{{ labels.last_segment }}</div>
      </div>

      <div v-if="mode === 'moderator'" class="ls-figures">
        <div class="ls-figure"><span class="ls-figure-label">{{ labels.schedule }}</span>
          <strong :class="'drift-' + driftKind">{{ driftText }}</strong></div>
        <div class="ls-figure"><span class="ls-figure-label">{{ labels.participants }}</span>
          <strong>{{ view.participant_count }}</strong> · {{ labels.online }} <strong>{{ view.online_count }}</strong></div>
      </div>

      <div v-if="mode !== 'stage'" class="ls-agenda">
        <table>
          <caption>{{ labels.agenda }}</caption>
          <thead><tr>
            <th scope="col">{{ labels.segment }}</th>
            <th scope="col">{{ labels.planned }} ({{ shortZone(view.timezone) }})</th>
            <th scope="col" v-if="showLocal">{{ labels.your_time }} ({{ shortZone(localZone) }})</th>
            <th scope="col" v-if="mode === 'moderator'">{{ labels.actual }}</th>
            <th scope="col">{{ labels.state }}</th>
          </tr></thead>
          <tbody>
            <tr v-for="seg in view.segments" :key="seg.id" :class="{'is-current': seg.index === view.current_segment}"
                :aria-current="seg.index === view.current_segment ? 'step' : null">
              <th scope="row">{{ seg.title }}<span class="ls-dur"> · {{ minutes(seg.planned_seconds) }}</span></th>
              <td>{{ clockAt(seg.scheduled_start_ms, view.timezone) }}–{{ clockAt(seg.scheduled_start_ms + seg.planned_seconds * 1000, view.timezone) }}</td>
              <td v-if="showLocal">{{ clockAt(seg.scheduled_start_ms, localZone) }}</td>
              <td v-if="mode === 'moderator'">{{ actual(seg) }}</td>
              <td>{{ stateLabel(seg) }}</td>
            </tr>
          </tbody>
        </table>
      </div>
    </template>
    <div class="sr-only" aria-live="polite">{{ announcement }}</div>
  </div>`,
  props: {
    view: Object,
    labels: Object,
    mode: { type: String, default: "participant" },
    qr: { type: String, default: "" },
    dir: { type: String, default: "ltr" },
  },
  data() {
    return { now: Date.now(), offset: 0, announcement: "", localZone: Intl.DateTimeFormat().resolvedOptions().timeZone };
  },
  computed: {
    current() {
      return this.view.segments[this.view.current_segment] || null;
    },
    next() {
      return this.view.segments[this.view.current_segment + 1] || null;
    },
    position() {
      return this.labels.segment_of.replace("{n}", this.view.current_segment + 1).replace("{total}", this.view.segments.length);
    },
    serverNow() {
      return this.now + this.offset;
    },
    remaining() {
      const seg = this.current;
      if (!seg) return 0;
      if (seg.state === "running" && seg.ends_at_ms !== null) return (seg.ends_at_ms - this.serverNow) / 1000;
      return seg.remaining_seconds;
    },
    tone() {
      const seg = this.current;
      if (!seg || this.view.status === "ended" || seg.state === "pending" || seg.state === "done") return "idle";
      if (this.remaining < 0) return "over";
      if (this.remaining <= 120) return "warn";
      return seg.state === "paused" ? "paused" : "ok";
    },
    toneLabel() {
      if (this.view.status === "ended") return this.labels.ended;
      const seg = this.current;
      if (!seg) return "";
      if (seg.state === "paused") return this.remaining < 0 ? this.labels.paused_over : this.labels.paused;
      if (seg.state === "pending") return this.labels.not_started;
      if (this.tone === "over") return this.labels.over_time;
      if (this.tone === "warn") return this.labels.two_minutes;
      return this.labels.running;
    },
    toneIcon() {
      return { over: "⚠", warn: "⏳", paused: "⏸", ok: "▶", idle: "•" }[this.tone] || "";
    },
    clockText() {
      const r = this.remaining;
      const text = this.format(Math.abs(r));
      return r < 0 ? "+" + text : text;
    },
    clockAria() {
      return this.toneLabel + ": " + this.clockText;
    },
    statusLabel() {
      return this.labels["status_" + this.view.status] || this.view.status;
    },
    showJoinSlide() {
      return this.mode === "stage" && (this.view.join_slide || this.view.status === "scheduled");
    },
    showLocal() {
      return this.localZone && this.localZone !== this.view.timezone;
    },
    startLabel() {
      return this.dateAt(this.view.starts_at_ms, this.view.timezone) + " · " + this.clockAt(this.view.starts_at_ms, this.view.timezone) + " " + this.shortZone(this.view.timezone);
    },
    drift() {
      const seg = this.current;
      if (!seg || this.view.status === "ended") return null;
      const scheduledEnd = seg.scheduled_start_ms + seg.planned_seconds * 1000;
      let projectedEnd;
      if (seg.state === "running" && seg.ends_at_ms !== null) projectedEnd = seg.ends_at_ms;
      else if (seg.state === "pending") projectedEnd = Math.max(this.serverNow, seg.scheduled_start_ms) + seg.remaining_seconds * 1000;
      else projectedEnd = this.serverNow + seg.remaining_seconds * 1000;
      return (projectedEnd - scheduledEnd) / 1000;
    },
    driftKind() {
      const d = this.drift;
      if (d === null || Math.abs(d) > 12 * 3600) return "none";
      if (d > 60) return "late";
      if (d < -60) return "ahead";
      return "ontime";
    },
    driftText() {
      const d = this.drift;
      if (this.driftKind === "none") return this.labels.schedule_far;
      const text = this.format(Math.abs(d));
      if (this.driftKind === "late") return this.labels.late.replace("{t}", text);
      if (this.driftKind === "ahead") return this.labels.ahead.replace("{t}", text);
      return this.labels.on_time;
    },
  },
  watch: {
    view: {
      handler(value, old) {
        this.offset = value.server_time_ms - Date.now();
        this.now = Date.now();
        if (old && (old.current_segment !== value.current_segment || old.status !== value.status)) {
          this.announcement = this.current ? this.labels.now + ": " + this.current.title : this.statusLabel;
        }
      },
      immediate: true,
    },
  },
  mounted() {
    this.interval = setInterval(() => (this.now = Date.now()), 250);
  },
  unmounted() {
    clearInterval(this.interval);
  },
  methods: {
    format(seconds) {
      const s = Math.floor(seconds);
      const h = Math.floor(s / 3600);
      const m = Math.floor((s % 3600) / 60);
      const sec = s % 60;
      const pad = (n) => String(n).padStart(2, "0");
      return h > 0 ? h + ":" + pad(m) + ":" + pad(sec) : pad(m) + ":" + pad(sec);
    },
    minutes(seconds) {
      return this.labels.minutes.replace("{n}", Math.round(seconds / 60));
    },
    clockAt(ms, zone) {
      try {
        return new Intl.DateTimeFormat(this.labels.locale, { hour: "2-digit", minute: "2-digit", hour12: false, timeZone: zone }).format(new Date(ms));
      } catch (e) {
        return new Date(ms).toISOString().slice(11, 16);
      }
    },
    dateAt(ms, zone) {
      try {
        return new Intl.DateTimeFormat(this.labels.locale, { day: "numeric", month: "long", year: "numeric", timeZone: zone }).format(new Date(ms));
      } catch (e) {
        return new Date(ms).toISOString().slice(0, 10);
      }
    },
    shortZone(zone) {
      try {
        const parts = new Intl.DateTimeFormat(this.labels.locale, { timeZoneName: "short", timeZone: zone }).formatToParts(new Date(this.view.starts_at_ms));
        const name = parts.find((p) => p.type === "timeZoneName");
        return name ? name.value : zone;
      } catch (e) {
        return zone;
      }
    },
    actual(seg) {
      if (!seg.started_at_ms) return "—";
      const start = this.clockAt(seg.started_at_ms, this.view.timezone);
      const end = seg.ended_at_ms ? this.clockAt(seg.ended_at_ms, this.view.timezone) : "…";
      return start + "–" + end;
    },
    stateLabel(seg) {
      if (seg.state === "done") return "✓ " + this.labels.seg_done;
      if (seg.state === "running") return "▶ " + this.labels.seg_running;
      if (seg.state === "paused") return "⏸ " + this.labels.seg_paused;
      return this.labels.seg_pending;
    },
  },
};
