/// The speed of sound the suite assumes when no atmosphere says otherwise.
public enum SpeedOfSound {
    /// 343 m/s: dry air at 20 °C (c = 331.3·√(1 + T/273.15) m/s gives 343.2), the value every default of
    /// the suite uses; a room's `Atmosphere` computes its own from temperature when a room file gives one.
    public static let nominal = 343.0
}
