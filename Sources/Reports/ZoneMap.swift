import Evaluation
import Foundation
import RoomAcoustics

/// Listening-zone maps: one metric of one mode over the floor plan (SVG).
///
/// Each seat is a cell of the grid spacing, coloured on a fixed scale per metric (the same in every
/// room, mode and run, so maps compare at a glance); white dots mark seats inside the listening
/// zone, a ring the nominal seat; the device is a black disc with a line toward its front, and
/// the reference mode's maps show its two speakers as grey squares.
public enum ZoneMap {
    /// A metric that has a map, with its scale.
    public struct MappedMetric: Sendable {
        public let metric: SeatMetric
        public let scale: MapScale
    }

    /// The mapped metrics, in column order: those whose descriptor has a ``MapScale``.
    public static let metrics = SeatMetric.allCases.compactMap { metric in
        metric.descriptor.map.map { MappedMetric(metric: metric, scale: $0) }
    }

    /// File name of a map inside `maps/`.
    public static func fileName(room: String, mode: String, metric: MappedMetric) -> String {
        "\(room)-\(mode)-\(metric.scale.key).svg"
    }

    /// The SVG of `metric` over `rows` (one room, one mode).
    /// `spacing(seat)`: the grid spacing a seat's cell covers (nil: a 0.2 m cell).
    public static func svg(
        room: SweepManifest.RoomInfo, mode: String, metric mapped: MappedMetric, rows: [ResultRow],
        spacing: (Int) -> Double?,
        zoneSeats: Set<Int>, nominalSeat: Int, zone: Study.ZoneThresholds
    ) -> String {
        let (metric, mapScale) = (mapped.metric, mapped.scale)
        let xs = room.outline.map { $0[0] }, ys = room.outline.map { $0[1] }
        let (minX, maxX) = (xs.reduce(.infinity, min), xs.reduce(-.infinity, max))
        let (minY, maxY) = (ys.reduce(.infinity, min), ys.reduce(-.infinity, max))
        let plotW = 520.0, left = 50.0, top = 44.0
        let scale = min(plotW / (maxX - minX), 520 / (maxY - minY))
        let plotH = (maxY - minY) * scale
        let width = left + plotW + 110, height = top + plotH + 70
        func px(_ x: Double) -> Double { left + (x - minX) * scale }
        func py(_ y: Double) -> Double { top + (maxY - y) * scale }
        let f = SVGPlot.f
        var svg = SVGPlot.header(width: width, height: height, title: "\(room.name) · \(mode) · \(mapScale.title)")
        let outline = room.outline.map { "\(f(px($0[0]))),\(f(py($0[1])))" }.joined(separator: " ")
        svg += "<polygon points=\"\(outline)\" fill=\"#f4f4f4\" stroke=\"#222\" stroke-width=\"2\"/>\n"
        svg += metreGrid(
            minX: minX, maxX: maxX, minY: minY, maxY: maxY, px: px, py: py, labelX: left + plotW / 2,
            labelY: top + plotH / 2)
        // Seat cells, rotated with the device (the grid is laid out in its frame).
        let yaw = room.deviceYawDegrees * Double.pi / 180
        func corners(_ seat: Int) -> [(Double, Double)] {
            let half = (spacing(seat) ?? 0.2) / 2
            return [(-half, -half), (half, -half), (half, half), (-half, half)].map { (u, v) in
                (cos(yaw) * u - sin(yaw) * v, sin(yaw) * u + cos(yaw) * v)
            }
        }
        svg +=
            "<defs><pattern id=\"unlocalizable\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\">"
            + "<rect width=\"6\" height=\"6\" fill=\"#c8c8c8\"/><path d=\"M0,6 L6,0\" stroke=\"#777\" "
            + "stroke-width=\"1\"/></pattern></defs>\n"
        for row in rows {
            let fill = row.metrics[metric].map { SVGPlot.colour($0, mapScale.range) } ?? "url(#unlocalizable)"
            let points = corners(row.seat).map { "\(f(px(row.position.x + $0.0))),\(f(py(row.position.y + $0.1)))" }
                .joined(separator: " ")
            svg += "<polygon points=\"\(points)\" fill=\"\(fill)\" stroke=\"#888\" stroke-width=\"0.3\"/>\n"
        }
        for row in rows where zoneSeats.contains(row.seat) {
            svg += "<circle cx=\"\(f(px(row.position.x)))\" cy=\"\(f(py(row.position.y)))\" r=\"2\" fill=\"white\"/>\n"
        }
        if let nominal = rows.first(where: { $0.seat == nominalSeat }) {
            svg +=
                "<circle cx=\"\(f(px(nominal.position.x)))\" cy=\"\(f(py(nominal.position.y)))\" "
                + "r=\"\(f(max(5, (spacing(nominal.seat) ?? 0.2) / 2 * scale)))\" fill=\"none\" stroke=\"black\" "
                + "stroke-width=\"1.5\"/>\n"
        }
        svg += speakers(room: room, mode: mode, yaw: yaw, px: px, py: py)
        svg += SVGPlot.colourBar(
            x: left + plotW + 30, y: top, height: min(plotH, 300), range: mapScale.range, unit: mapScale.unit)
        let note = String(
            format: "white dots: listening zone (|centre error| ≤ %g°, %g° ≤ width ≤ %g°); ring: nominal seat;"
                + " hatched grey: not localizable",
            zone.maxCenterErrorDegrees, zone.minWidthDegrees, zone.maxWidthDegrees)
        svg += SVGPlot.text(SVGPlot.escape(note), x: left, y: height - 10)
        return svg + "</svg>\n"
    }

    /// Metre ticks and axis labels along the room's bottom and left edges.
    static func metreGrid(
        minX: Double, maxX: Double, minY: Double, maxY: Double, px: (Double) -> Double, py: (Double) -> Double,
        labelX: Double, labelY: Double
    ) -> String {
        var svg = ""
        for x in stride(from: minX.rounded(.up), through: maxX, by: 1) {
            svg += SVGPlot.line(px(x), py(minY), px(x), py(minY) + 5, stroke: "#444")
            svg += SVGPlot.text("\(Int(x))", x: px(x), y: py(minY) + 18, anchor: "middle")
        }
        for y in stride(from: minY.rounded(.up), through: maxY, by: 1) {
            svg += SVGPlot.line(px(minX) - 5, py(y), px(minX), py(y), stroke: "#444")
            svg += SVGPlot.text("\(Int(y))", x: px(minX) - 8, y: py(y) + 4, anchor: "end")
        }
        svg += SVGPlot.text("x (m)", x: labelX, y: py(minY) + 36, anchor: "middle", size: 12)
        svg += SVGPlot.verticalText("y (m)", x: 14, y: labelY)
        return svg
    }

    /// The reference pair's speakers (reference mode only) and the device with a line toward its front.
    static func speakers(
        room: SweepManifest.RoomInfo, mode: String, yaw: Double, px: (Double) -> Double, py: (Double) -> Double
    ) -> String {
        let f = SVGPlot.f
        var svg = ""
        if mode == "reference" {
            for speaker in room.referenceSpeakers {
                svg +=
                    "<rect x=\"\(f(px(speaker[0]) - 5))\" y=\"\(f(py(speaker[1]) - 5))\" width=\"10\" height=\"10\" "
                    + "fill=\"#555\"/>\n"
            }
        }
        let dx = room.devicePosition[0], dy = room.devicePosition[1]
        svg += SVGPlot.line(
            px(dx), py(dy), px(dx + 0.5 * cos(yaw)), py(dy + 0.5 * sin(yaw)), stroke: "black",
            attributes: " stroke-width=\"2\"")
        svg += "<circle cx=\"\(f(px(dx)))\" cy=\"\(f(py(dy)))\" r=\"6\" fill=\"black\"/>\n"
        svg += SVGPlot.text("device", x: px(dx) + 8, y: py(dy) - 8)
        return svg
    }
}
