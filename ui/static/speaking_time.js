// Minutes each stakeholder group has spoken: finished speeches from the server, plus the current speaker's running
// part, ticking here in the browser once a second (the server pushes changes only).
export default {
  template: `
  <div class="speaking-time" data-testid="speaking-time">
    <div v-if="!data.rows.length" class="text-body2">{{ data.empty }}</div>
    <table v-else class="speaking-time-table">
      <tr v-for="row in data.rows" :key="row.group || '-'" :data-group="row.group || ''">
        <th scope="row">{{ row.label }}</th>
        <td class="speaking-time-bar"><span :style="{width: share(row) + '%'}"></span></td>
        <td class="speaking-time-min" :data-seconds="Math.round(total(row))">{{ minutes(row) }}</td>
        <td class="speaking-time-live">{{ row.speaking_since_ms ? data.speaking : '' }}</td>
      </tr>
    </table>
  </div>`,
  props: { rows: String },
  data() {
    return { now: Date.now(), offset: 0, timer: null };
  },
  watch: {
    rows: {
      handler() {
        this.offset = this.data.server_time_ms ? this.data.server_time_ms - Date.now() : 0;
        this.now = Date.now();
      },
      immediate: true,
    },
  },
  computed: {
    data() {
      return this.rows ? JSON.parse(this.rows) : { rows: [], server_time_ms: 0, empty: "", minutes: "{n} min" };
    },
    most() {
      return Math.max(1, ...this.data.rows.map((r) => this.total(r)));
    },
  },
  methods: {
    total(row) {
      const running = row.speaking_since_ms ? Math.max(0, this.now + this.offset - row.speaking_since_ms) / 1000 : 0;
      return row.seconds + running;
    },
    minutes(row) {
      const n = (this.total(row) / 60).toLocaleString(this.data.locale || undefined, { maximumFractionDigits: 1, minimumFractionDigits: 1 });
      return this.data.minutes.replace("{n}", n);
    },
    share(row) {
      return Math.round((100 * this.total(row)) / this.most);
    },
  },
  mounted() {
    this.timer = setInterval(() => (this.now = Date.now()), 1000);
  },
  unmounted() {
    clearInterval(this.timer);
  },
};
