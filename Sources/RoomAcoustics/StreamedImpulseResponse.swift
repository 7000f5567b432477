import SoundstageDSP

extension RoomSimulator {
    /// The response of a shoebox whose arrivals are plain (one band, spreading and wall factors only:
    /// no air, no directivity, no image displacement) and go nowhere else (no late tail, no scattering),
    /// when it takes the Farrow route: each arrival goes into the Farrow term trains
    /// (``FarrowImpulseSum``) as the lattice walk finds it and is never stored. A 0.5 s response has
    /// 290 000 arrivals; storing them took 5 MB whose first-touch page faults cost about as much as
    /// the walk (`perf stat`, the benchmark shoebox).
    ///
    /// An exact count comes first (distances only, the two halves of the x-images in parallel): the
    /// route is taken on the same rule as ``ImpulseResponseRenderer/accumulate(_:into:jobs:)``'s. Then
    /// `jobs` threads each walk one spherical shell of the lattice, the part of the response that
    /// ``FarrowImpulseSum/trains(length:parts:jobs:_:)`` gives it; so the response is the same for any
    /// `jobs`, and the same as rendering the stored arrivals (the stored route offers them to the trains
    /// in the walk's order). Nil when the route does not apply.
    func streamedResponse(_ prepared: PreparedSource, receiver: Vector3, jobs: Int) -> [Double]? {
        guard case .shoebox(let lattice) = prepared.images, prepared.tail == nil, prepared.scatteredField == nil,
            lattice.hasPlainArrivals(model: prepared.gainModel)
        else { return nil }
        let c = room.atmosphere.speedOfSound, fs = options.sampleRate
        let maxDelay = imageLimit(prepared, receiver: receiver)
        let maxOrder = prepared.reportedMaxOrder, model = prepared.gainModel
        let farrow = renderer.farrow
        // As long as the latest possible arrival needs, as the stored route's trains are.
        let trainLength = min(length, Int((maxDelay * fs).rounded(.up)) + farrow.design.length + 1)
        let halves = [0..<lattice.xImageCount / 2, lattice.xImageCount / 2..<lattice.xImageCount]
        let total = ParallelResults<Int>.map(count: 2, jobs: jobs) { half in
            lattice.plainArrivalCount(
                receiver: receiver, maxDelay: maxDelay, maxOrder: maxOrder, speedOfSound: c, model: model,
                xImages: halves[half])
        }.reduce(0, &+)
        guard farrow.pays(impulses: total, length: trainLength) else { return nil }
        let trains = farrow.trains(length: trainLength, parts: jobs, jobs: jobs) { writer in
            // The shell holding the writer's samples, a micrometre wider each side (the writer keeps
            // exactly its own).
            let pad = 1e-6
            let low = Double(writer.samples.lowerBound) / fs * c, high = Double(writer.samples.upperBound) / fs * c
            let shell = max(0, low - pad)...(high + pad)
            lattice.forEachPlainArrival(
                receiver: receiver, maxDelay: maxDelay, maxOrder: maxOrder, speedOfSound: c, model: model,
                distances: shell
            ) { delay, gain in writer.impulse(atSample: delay * fs, gain: gain) }
        }
        var response = farrow.convolve(trains, length: trainLength, jobs: jobs)
        if response.count < length { response += [Double](repeating: 0, count: length - response.count) }
        return response
    }
}
