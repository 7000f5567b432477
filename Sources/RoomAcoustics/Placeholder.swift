public enum RoomAcousticsModule {}
