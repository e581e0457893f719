package xmpp.bench.peers;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A line chart as a small SVG file, one line per server: enough for BENCHMARKS.md, without a plotting dependency. */
final class SvgChart {

    private static final int WIDTH = 640, HEIGHT = 400, LEFT = 80, RIGHT = 150, TOP = 40, BOTTOM = 50;
    private static final String[] COLOURS = {"#d62728", "#1f77b4", "#2ca02c", "#9467bd", "#ff7f0e"};

    private final String title, xLabel, yLabel;
    private final boolean logX, logY;
    private final Map<String, List<double[]>> series = new LinkedHashMap<>();

    SvgChart(String title, String xLabel, String yLabel, boolean logX, boolean logY) {
        this.title = title;
        this.xLabel = xLabel;
        this.yLabel = yLabel;
        this.logX = logX;
        this.logY = logY;
    }

    void point(String line, double x, double y) {
        series.computeIfAbsent(line, k -> new ArrayList<>()).add(new double[] {x, y});
    }

    boolean isEmpty() {
        return series.isEmpty();
    }

    String toSvg() {
        double[] xs = range(0, logX), ys = range(1, logY);
        StringBuilder svg = new StringBuilder();
        svg.append(f("<svg xmlns='http://www.w3.org/2000/svg' width='%d' height='%d' font-family='sans-serif' font-size='12'>%n", WIDTH, HEIGHT));
        svg.append(f("<rect width='%d' height='%d' fill='white'/>%n", WIDTH, HEIGHT));
        svg.append(f("<text x='%d' y='22' font-size='15'>%s</text>%n", LEFT, title));
        int plotRight = WIDTH - RIGHT, plotBottom = HEIGHT - BOTTOM;
        svg.append(f("<rect x='%d' y='%d' width='%d' height='%d' fill='none' stroke='#888'/>%n", LEFT, TOP, plotRight - LEFT, plotBottom - TOP));
        for (double t : ticks(xs, logX)) {
            double px = scale(t, xs, logX, LEFT, plotRight);
            svg.append(f("<line x1='%.1f' y1='%d' x2='%.1f' y2='%d' stroke='#ddd'/>", px, TOP, px, plotBottom));
            svg.append(f("<text x='%.1f' y='%d' text-anchor='middle'>%s</text>%n", px, plotBottom + 16, label(t)));
        }
        for (double t : ticks(ys, logY)) {
            double py = scale(t, ys, logY, plotBottom, TOP);
            svg.append(f("<line x1='%d' y1='%.1f' x2='%d' y2='%.1f' stroke='#ddd'/>", LEFT, py, plotRight, py));
            svg.append(f("<text x='%d' y='%.1f' text-anchor='end'>%s</text>%n", LEFT - 6, py + 4, label(t)));
        }
        svg.append(f("<text x='%d' y='%d' text-anchor='middle'>%s</text>%n", (LEFT + plotRight) / 2, HEIGHT - 12, xLabel));
        svg.append(f("<text transform='translate(16 %d) rotate(-90)' text-anchor='middle'>%s</text>%n", (TOP + plotBottom) / 2, yLabel));
        int i = 0;
        for (var line : series.entrySet()) {
            String colour = COLOURS[i % COLOURS.length];
            StringBuilder points = new StringBuilder();
            for (double[] p : line.getValue()) {
                double px = scale(p[0], xs, logX, LEFT, plotRight), py = scale(p[1], ys, logY, plotBottom, TOP);
                points.append(f("%.1f,%.1f ", px, py));
                svg.append(f("<circle cx='%.1f' cy='%.1f' r='3' fill='%s'/>", px, py, colour));
            }
            svg.append(f("<polyline points='%s' fill='none' stroke='%s' stroke-width='2'/>%n", points.toString().trim(), colour));
            svg.append(f("<text x='%d' y='%d' fill='%s'>%s</text>%n", plotRight + 12, TOP + 16 + 18 * i, colour, line.getKey()));
            i++;
        }
        return svg.append("</svg>\n").toString();
    }

    private double[] range(int axis, boolean log) {
        double lo = Double.MAX_VALUE, hi = -Double.MAX_VALUE;
        for (List<double[]> line : series.values()) for (double[] p : line) {
            lo = Math.min(lo, p[axis]);
            hi = Math.max(hi, p[axis]);
        }
        if (log) return new double[] {Math.pow(10, Math.floor(Math.log10(Math.max(lo, 1e-9)))), Math.pow(10, Math.ceil(Math.log10(Math.max(hi, 1e-9))))};
        if (axis == 1) lo = 0;   // a linear value axis starts at zero, so that lines compare by height
        return new double[] {lo, hi > lo ? hi * (axis == 1 ? 1.1 : 1) : lo + 1};
    }

    private static List<Double> ticks(double[] range, boolean log) {
        List<Double> ticks = new ArrayList<>();
        if (log) {
            for (double t = range[0]; t <= range[1] * 1.0001; t *= 10) ticks.add(t);
        } else {
            double step = Math.pow(10, Math.floor(Math.log10((range[1] - range[0]) / 4)));
            if ((range[1] - range[0]) / step > 10) step *= 2;
            for (double t = Math.ceil(range[0] / step) * step; t <= range[1]; t += step) ticks.add(t);
        }
        return ticks;
    }

    private static double scale(double v, double[] range, boolean log, double from, double to) {
        double f = log ? (Math.log10(v) - Math.log10(range[0])) / (Math.log10(range[1]) - Math.log10(range[0]))
                : (v - range[0]) / (range[1] - range[0]);
        return from + f * (to - from);
    }

    private static String label(double v) {
        if (v >= 1e6) return plain(v / 1e6) + "M";
        if (v >= 1e3) return plain(v / 1e3) + "k";
        return plain(v);
    }

    private static String plain(double v) {
        return new java.math.BigDecimal(v).round(new java.math.MathContext(3)).stripTrailingZeros().toPlainString();
    }

    private static String f(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
