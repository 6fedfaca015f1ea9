// The sessions of a series: dates in the series' zone and the reader's own, status, topics, and a countdown to the
// next session that ticks in the browser. One `view` prop (a JSON string); `server_time_ms` corrects the clock.
export default {
  template: `
  <div class="series-sessions">
    <section v-if="next" class="ss-next" aria-labelledby="ss-next-heading" data-testid="next-session">
      <h2 id="ss-next-heading">{{ labels.next_session }}</h2>
      <p class="ss-next-title">{{ next.title }}</p>
      <p class="ss-next-when">{{ inZone(next.starts_at_ms, v.timezone) }}</p>
      <p class="ss-countdown" role="timer" aria-atomic="true" data-testid="countdown">{{ countdown }}</p>
    </section>
    <h2 id="ss-heading">{{ labels.sessions }}</h2>
    <p v-if="!v.sessions.length">{{ labels.none }}</p>
    <ol class="ss-list" aria-labelledby="ss-heading">
      <li v-for="(s, i) in v.sessions" :key="s.code" class="ss-item" :data-phase="s.phase" :data-code="s.code"
          data-testid="series-session">
        <article :aria-labelledby="'ss-title-' + s.code">
          <p class="ss-kicker">
            <span>{{ labels.session_n.replace('{n}', i + 1) }}</span>
            <span class="ss-badge" :data-phase="s.phase">{{ labels['phase_' + s.phase] }}</span>
            <span v-if="s.rescheduled" class="ss-badge ss-badge-moved">{{ labels.rescheduled }}</span>
          </p>
          <h3 :id="'ss-title-' + s.code" class="ss-title">{{ s.title }}</h3>
          <p class="ss-when"><time :datetime="s.starts_at">{{ inZone(s.starts_at_ms, v.timezone) }}</time></p>
          <p class="ss-local">{{ labels.your_time }} {{ inZone(s.starts_at_ms, null) }}</p>
          <p v-if="s.rescheduled" class="ss-moved">
            {{ labels.moved_from }} <del data-testid="old-date">{{ inZone(s.rescheduled_from_ms, v.timezone) }}</del>
          </p>
          <p class="ss-where">{{ s.location }}</p>
          <template v-if="s.topics.length">
            <h4 class="ss-topics-heading">{{ labels.topics }}</h4>
            <ul class="ss-topics"><li v-for="(t, j) in s.topics" :key="j">{{ t }}</li></ul>
          </template>
          <p class="ss-actions">
            <a v-if="s.phase === 'live'" class="ss-button ss-join" :href="s.join_url"
               :aria-label="labels.join_now + ': ' + s.title">{{ labels.join_now }}</a>
            <a v-if="s.phase !== 'ended'" class="ss-button" :class="{'ss-secondary': s.phase === 'live'}"
               :href="s.register_url" :aria-label="labels.register + ': ' + s.title">{{ labels.register }}</a>
            <a v-if="s.phase !== 'ended'" class="ss-link" :href="'/api/sessions/' + s.code + '/calendar.ics'"
               :aria-label="labels.calendar + ': ' + s.title">{{ labels.calendar }}</a>
          </p>
        </article>
      </li>
    </ol>
  </div>`,
  props: { view: String, labels: Object },
  data() {
    return { now: Date.now(), offset: 0 };
  },
  computed: {
    v() {
      return JSON.parse(this.view);
    },
    next() {
      return this.v.sessions.find((s) => s.code === this.v.next_session) || null;
    },
    countdown() {
      if (!this.next) return "";
      let left = Math.max(0, Math.floor((this.next.starts_at_ms - (this.now + this.offset)) / 1000));
      if (left === 0) return this.labels.starting;
      const days = Math.floor(left / 86400);
      left %= 86400;
      const pad = (n) => String(n).padStart(2, "0");
      const clock = `${pad(Math.floor(left / 3600))}:${pad(Math.floor((left % 3600) / 60))}:${pad(left % 60)}`;
      const text = days > 0 ? this.labels.starts_in_days.replace("{days}", days).replace("{clock}", clock)
        : this.labels.starts_in.replace("{clock}", clock);
      return text;
    },
  },
  watch: {
    view() {
      this.offset = this.v.server_time_ms - Date.now();
    },
  },
  mounted() {
    this.offset = this.v.server_time_ms - Date.now();
    this.interval = setInterval(() => (this.now = Date.now()), 1000);
  },
  unmounted() {
    clearInterval(this.interval);
  },
  methods: {
    inZone(ms, zone) {
      const options = { weekday: "long", day: "numeric", month: "long", year: "numeric", hour: "2-digit",
                        minute: "2-digit", timeZoneName: "short" };
      if (zone) options.timeZone = zone;
      return new Intl.DateTimeFormat(this.labels.locale, options).format(new Date(ms));
    },
  },
};
