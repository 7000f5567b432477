import Foundation
import RoomAcoustics
import SoundstageDSP

let fs = 48000.0

func uniformShoebox(_ x: Double, _ y: Double, _ z: Double, alpha: Double) throws -> Room {
    try RoomShapes.shoebox(
        name: "test", dimensions: Vector3(x, y, z), absorption: Array(repeating: Absorption(uniform: alpha), count: 6))
}

func options(maxOrder: Int? = nil, duration: Double? = nil, tail: Bool = false, air: Bool = false) -> SimulationOptions
{
    var o = SimulationOptions()
    o.maxOrder = maxOrder
    o.duration = duration
    o.lateTail = tail
    o.airAbsorption = air
    return o
}

func maxAbs(_ x: [Double]) -> Double { x.reduce(0) { max($0, abs($1)) } }
func maxAbsDifference(_ a: [Double], _ b: [Double]) -> Double { zip(a, b).reduce(0) { max($0, abs($1.0 - $1.1)) } }
