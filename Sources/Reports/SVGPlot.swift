import Evaluation
import Foundation

/// Minimal SVG charts for reports: line charts (linear or log x) and heatmaps with a colour bar.
/// Output is plain SVG 1.1 text, deterministic for equal input.
public enum SVGPlot {
    public struct Series {
        public var name: String
        public var points: [(x: Double, y: Double)]
        public var dashed = false
        /// The palette colour, so a dashed reference line can share its curve's; nil: the series' index.
        public var colourSlot: Int?
        public init(name: String, points: [(x: Double, y: Double)], dashed: Bool = false, colourSlot: Int? = nil) {
            self.name = name
            self.points = points
            self.dashed = dashed
            self.colourSlot = colourSlot
        }
    }

    static let palette = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#17becf"]
    static func f(_ x: Double) -> String { String(format: "%.2f", x) }
    /// `<line>` from (x1, y1) to (x2, y2), SVG units; `attributes` follow the stroke (e.g. its width).
    static func line(
        _ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, stroke: String, attributes: String = ""
    ) -> String {
        "<line x1=\"\(f(x1))\" y1=\"\(f(y1))\" x2=\"\(f(x2))\" y2=\"\(f(y2))\" stroke=\"\(stroke)\"\(attributes)/>\n"
    }
    /// `<text>` holding `content` (already escaped) at (x, y); `anchor` "middle" or "end" (nil: start).
    static func text(_ content: String, x: Double, y: Double, anchor: String? = nil, size: Int = 11) -> String {
        "<text x=\"\(f(x))\" y=\"\(f(y))\"" + (anchor.map { " text-anchor=\"\($0)\"" } ?? "")
            + " font-size=\"\(size)\">\(content)</text>\n"
    }
    /// An axis title: `content` (already escaped) centred at (x, y), rotated to read upward.
    static func verticalText(_ content: String, x: Int, y: Double) -> String {
        "<text x=\"\(x)\" y=\"\(f(y))\" text-anchor=\"middle\" font-size=\"12\" transform=\"rotate(-90 \(x) \(f(y)))\">"
            + "\(content)</text>\n"
    }
    static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(
            of: ">", with: "&gt;")
    }

    /// A line chart. `logX` uses a log10 frequency axis.
    public static func lines(
        title: String, xLabel: String, yLabel: String, series: [Series], logX: Bool,
        yRange: ClosedRange<Double>? = nil, width: Double = 720, height: Double = 420
    ) -> String {
        let left = 70.0, right = 170.0, top = 40.0, bottom = 55.0
        let xs = series.flatMap { $0.points.map(\.x) }.filter { !logX || $0 > 0 }
        let ys = series.flatMap { $0.points.map(\.y) }.filter(\.isFinite)
        let xMin = xs.min() ?? 0, xMax = max(xs.max() ?? 1, (xs.min() ?? 0) + 1e-9)
        let yr = yRange ?? ((ys.min() ?? 0)...max(ys.max() ?? 1, (ys.min() ?? 0) + 1e-9))
        let tx = { (x: Double) -> Double in
            let t = logX ? log10(x / xMin) / log10(xMax / xMin) : (x - xMin) / (xMax - xMin)
            return left + t * (width - left - right)
        }
        let ty = { (y: Double) in
            top + (1 - (min(max(y, yr.lowerBound), yr.upperBound) - yr.lowerBound) / (yr.upperBound - yr.lowerBound))
                * (height - top - bottom)
        }
        var svg = header(width: width, height: height, title: title)
        svg +=
            "<rect x=\"\(f(left))\" y=\"\(f(top))\" width=\"\(f(width - left - right))\" "
            + "height=\"\(f(height - top - bottom))\" fill=\"none\" stroke=\"#333\"/>\n"
        // Grid and ticks.
        let xTicks: [Double] =
            logX
            ? [20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 20000].filter { $0 >= xMin && $0 <= xMax }
            : (0...6).map { xMin + Double($0) / 6 * (xMax - xMin) }
        for x in xTicks {
            svg += line(tx(x), top, tx(x), height - bottom, stroke: "#ddd")
            let label = logX ? (x >= 1000 ? "\(Int(x / 1000))k" : "\(Int(x))") : String(format: "%.0f", x)
            svg += text(label, x: tx(x), y: height - bottom + 16, anchor: "middle")
        }
        for i in 0...5 {
            let y = yr.lowerBound + Double(i) / 5 * (yr.upperBound - yr.lowerBound)
            svg += line(left, ty(y), width - right, ty(y), stroke: "#ddd")
            svg += text(String(format: "%.1f", y), x: left - 6, y: ty(y) + 4, anchor: "end")
        }
        svg += text(escape(xLabel), x: (left + width - right) / 2, y: height - 12, anchor: "middle", size: 12)
        svg += verticalText(escape(yLabel), x: 16, y: (top + height - bottom) / 2)
        svg += polylines(series, logX: logX, tx: tx, ty: ty, legendX: width - right, legendTop: top)
        return svg + "</svg>\n"
    }

    /// Each series as a polyline, with its legend entry at `legendX` (the plot's right edge).
    static func polylines(
        _ series: [Series], logX: Bool, tx: (Double) -> Double, ty: (Double) -> Double, legendX: Double,
        legendTop: Double
    ) -> String {
        var svg = ""
        for (i, s) in series.enumerated() {
            let colour = palette[(s.colourSlot ?? i) % palette.count]
            let path = s.points.filter { (!logX || $0.x > 0) && $0.y.isFinite }.map { "\(f(tx($0.x))),\(f(ty($0.y)))" }
                .joined(separator: " ")
            svg +=
                "<polyline points=\"\(path)\" fill=\"none\" stroke=\"\(colour)\" "
                + "stroke-width=\"1.6\"\(s.dashed ? " stroke-dasharray=\"5,3\"" : "")/>\n"
            let ly = legendTop + 14 + Double(i) * 18
            svg +=
                "<line x1=\"\(f(legendX + 10))\" y1=\"\(f(ly - 4))\" x2=\"\(f(legendX + 34))\" "
                + "y2=\"\(f(ly - 4))\" stroke=\"\(colour)\" "
                + "stroke-width=\"2\"\(s.dashed ? " stroke-dasharray=\"5,3\"" : "")/>\n"
            svg += text(escape(s.name), x: legendX + 40, y: ly)
        }
        return svg
    }

    /// A heatmap of `values[row][column]` (rows bottom to top), with axis labels and a colour bar.
    public static func heatmap(
        title: String, xLabel: String, yLabel: String, unit: String, xValues: [Double], yValues: [Double],
        values: [[Double]], range: ClosedRange<Double>, logY: Bool, width: Double = 760, height: Double = 460
    ) -> String {
        let left = 70.0, right = 110.0, top = 40.0, bottom = 55.0
        let plotW = width - left - right, plotH = height - top - bottom
        var svg = header(width: width, height: height, title: title)
        let cw = plotW / Double(xValues.count), ch = plotH / Double(yValues.count)
        for (r, row) in values.enumerated() {
            for (c, v) in row.enumerated() {
                let x = left + Double(c) * cw, y = top + plotH - Double(r + 1) * ch
                svg +=
                    "<rect x=\"\(f(x))\" y=\"\(f(y))\" width=\"\(f(cw + 0.3))\" height=\"\(f(ch + 0.3))\" "
                    + "fill=\"\(colour(v, range))\"/>\n"
            }
        }
        svg +=
            "<rect x=\"\(f(left))\" y=\"\(f(top))\" width=\"\(f(plotW))\" height=\"\(f(plotH))\" fill=\"none\" "
            + "stroke=\"#333\"/>\n"
        for c in stride(from: 0, to: xValues.count, by: max(1, xValues.count / 8)) {
            svg += text(
                String(format: "%.0f", xValues[c]), x: left + (Double(c) + 0.5) * cw, y: height - bottom + 16,
                anchor: "middle")
        }
        for r in stride(from: 0, to: yValues.count, by: max(1, yValues.count / 8)) {
            let v = yValues[r]
            let label =
                logY
                ? (v >= 1000 ? String(format: "%.1fk", v / 1000) : String(format: "%.0f", v))
                : String(format: "%.1f", v)
            svg += text(label, x: left - 6, y: top + plotH - (Double(r) + 0.5) * ch + 4, anchor: "end")
        }
        svg += text(escape(xLabel), x: left + plotW / 2, y: height - 12, anchor: "middle", size: 12)
        svg += verticalText(escape(yLabel), x: 16, y: top + plotH / 2)
        svg += colourBar(x: width - right + 25, y: top, height: plotH, range: range, unit: unit)
        return svg + "</svg>\n"
    }

    static func colourBar(x: Double, y: Double, height: Double, range: ClosedRange<Double>, unit: String) -> String {
        var svg = ""
        let steps = 40
        for i in 0..<steps {
            let v = range.lowerBound + (Double(i) + 0.5) / Double(steps) * (range.upperBound - range.lowerBound)
            let yy = y + height - Double(i + 1) * height / Double(steps)
            svg +=
                "<rect x=\"\(f(x))\" y=\"\(f(yy))\" width=\"16\" height=\"\(f(height / Double(steps) + 0.3))\" "
                + "fill=\"\(colour(v, range))\"/>\n"
        }
        for i in 0...4 {
            let v = range.lowerBound + Double(i) / 4 * (range.upperBound - range.lowerBound)
            svg += text(String(format: "%.0f", v), x: x + 22, y: y + height - Double(i) / 4 * height + 4)
        }
        return svg + text(escape(unit), x: x, y: y - 8)
    }

    /// Viridis-like ramp (5 anchors, linear in RGB) for `v` in `range`.
    public static func colour(_ v: Double, _ range: ClosedRange<Double>) -> String {
        let anchors: [(Double, Double, Double)] = [
            (68, 1, 84), (59, 82, 139), (33, 145, 140), (94, 201, 98), (253, 231, 37),
        ]
        let t =
            max(0, min(1, (v - range.lowerBound) / (range.upperBound - range.lowerBound))) * Double(anchors.count - 1)
        let i = min(Int(t), anchors.count - 2), w = t - Double(i)
        let c = (0..<3).map { k -> Int in
            let a = [anchors[i].0, anchors[i].1, anchors[i].2][k],
                b = [anchors[i + 1].0, anchors[i + 1].1, anchors[i + 1].2][k]
            return Int((a + (b - a) * w).rounded())
        }
        return String(format: "#%02x%02x%02x", c[0], c[1], c[2])
    }

    static func header(width: Double, height: Double, title: String) -> String {
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(f(width))\" "
            + "height=\"\(f(height))\" viewBox=\"0 0 \(f(width)) \(f(height))\" font-family=\"sans-serif\">\n<rect "
            + "width=\"100%\" height=\"100%\" fill=\"white\"/>\n<text x=\"\(f(width / 2))\" y=\"24\" "
            + "text-anchor=\"middle\" font-size=\"15\">\(escape(title))</text>\n"
    }
}
